using BlazorConsole.Web.Hosting;

// Content (appsettings.json, static web assets) comes from the build output, so the console starts the same from any
// working directory; relative paths in configuration (Console:DataDir) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Content from NuGet packages (MudBlazor) is served from the build output outside Development too; no-op when published.
builder.WebHost.UseStaticWebAssets();
builder.AddConsoleHosting();
builder.AddConsoleFeatures();

var app = builder.Build();
app.UseConsolePipeline();
app.MapConsoleEndpoints();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
