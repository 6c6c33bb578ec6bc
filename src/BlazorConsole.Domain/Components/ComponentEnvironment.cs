namespace BlazorConsole.Domain.Components;

public enum ComponentEnvironment
{
    Development = 0,
    Test = 1,
    Production = 2,
}
