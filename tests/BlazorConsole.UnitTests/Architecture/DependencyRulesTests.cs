using System.Reflection;
using NetArchTest.Rules;

namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// The one-way dependencies of docs/architecture.md, checked on the compiled assemblies: a shortcut across a seam
/// (Web reaching for SQLite, the domain for EF Core) fails here, not in review.
/// </summary>
public class DependencyRulesTests
{
    private static readonly string[] Engines = ["BlazorConsole.Data.Sqlite", "BlazorConsole.Data.Postgres", "Microsoft.Data.Sqlite", "Npgsql"];

    private const string ProcessRuntime = "BlazorConsole.Runtime.Process";

    private const string DockerRuntime = "BlazorConsole.Runtime.Docker";

    private const string Application = "BlazorConsole.Application";

    private const string RedisMessaging = "BlazorConsole.Messaging.Redis";

    /// <summary>Every assembly of the console (for the static site host, which must carry none of them into a sandbox).</summary>
    private static readonly string[] Console =
    [
        "BlazorConsole.Domain", "BlazorConsole.Data", "BlazorConsole.Data.Sqlite", "BlazorConsole.Data.Postgres", "BlazorConsole.Engines",
        "BlazorConsole.Git", "BlazorConsole.Pipeline", ProcessRuntime, DockerRuntime, RedisMessaging, Application, "BlazorConsole.Web",
    ];

    public static TheoryData<string, string[], string> Rules => new()
    {
        {
            "BlazorConsole.Domain",
            ["BlazorConsole.Data", "BlazorConsole.Git", "BlazorConsole.Pipeline", "BlazorConsole.Engines", Application, "BlazorConsole.Web", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions"],
            "the domain is plain C#: entities, transitions and events that every layer shares"
        },
        {
            "BlazorConsole.Data",
            [.. Engines, "BlazorConsole.Git", "BlazorConsole.Pipeline", "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "the neutral data layer knows no engine: SQLite and PostgreSQL implement its ports"
        },
        {
            "BlazorConsole.Data.Sqlite",
            ["BlazorConsole.Data.Postgres", "Npgsql", "BlazorConsole.Git", "BlazorConsole.Pipeline", "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "an engine implements the data ports and nothing else"
        },
        {
            "BlazorConsole.Data.Postgres",
            ["BlazorConsole.Data.Sqlite", "Microsoft.Data.Sqlite", "BlazorConsole.Git", "BlazorConsole.Pipeline", "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "an engine implements the data ports and nothing else"
        },
        {
            "BlazorConsole.Git",
            ["BlazorConsole.Data", "BlazorConsole.Pipeline", "BlazorConsole.Engines", Application, "BlazorConsole.Web", "Microsoft.EntityFrameworkCore"],
            "provider knowledge (webhooks, OAuth, APIs) does not store anything itself"
        },
        {
            "BlazorConsole.Pipeline",
            [.. Engines, ProcessRuntime, DockerRuntime, RedisMessaging, "BlazorConsole.Engines", Application, "BlazorConsole.Web", "Docker.DotNet", "StackExchange.Redis"],
            "the pipeline runs on the data ports and IRuntime, whichever engines are behind them, and never calls the UI"
        },
        {
            ProcessRuntime,
            [.. Engines, DockerRuntime, "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "a runtime engine implements IRuntime on the pipeline's building blocks; it stores nothing itself and never calls the UI"
        },
        {
            DockerRuntime,
            [.. Engines, ProcessRuntime, "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "the Docker engine implements the pipeline's image builder and IRuntime over the Engine API; it stores nothing itself and never calls the UI"
        },
        {
            RedisMessaging,
            [.. Engines, "BlazorConsole.Data", ProcessRuntime, DockerRuntime, "BlazorConsole.Engines", Application, "BlazorConsole.Web"],
            "Redis carries the pipeline's live signals between replicas (queue wake-up, events, log lines); the database stays the truth, so it stores nothing"
        },
        {
            Application,
            [.. Engines, ProcessRuntime, DockerRuntime, RedisMessaging, "StackExchange.Redis", "Docker.DotNet", "BlazorConsole.Engines", "BlazorConsole.Web", "MudBlazor", "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Http"],
            "the use cases decide and store through the pipeline and the data ports; pages, endpoints and HTTP answers are Web's"
        },
        {
            "BlazorConsole.Web",
            [.. Engines, ProcessRuntime, DockerRuntime, RedisMessaging, "Docker.DotNet"],
            "pages and endpoints see the data ports and IRuntime only; the engines are chosen by configuration in BlazorConsole.Engines"
        },
        {
            "BlazorConsole.Engines",
            [Application, "BlazorConsole.Web"],
            "the engines' registration sits below the use cases and the host that choose among them"
        },
        {
            "BlazorConsole.TestSupport",
            ["BlazorConsole.Data", "BlazorConsole.Pipeline", "BlazorConsole.Engines", ProcessRuntime, DockerRuntime, RedisMessaging, Application, "BlazorConsole.Web", .. Engines],
            "the shared fakes stand in for what is outside the machine (providers, git and ssh servers) and know nothing of the console's inside"
        },
        {
            "BlazorConsole.StaticSiteHost",
            Console,
            "the static site host runs inside a release's sandbox: nothing of the console may come along"
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void An_assembly_depends_only_on_what_lies_below_it(string assembly, string[] forbidden, string why)
    {
        var result = Types.InAssembly(Assembly.Load(new AssemblyName(assembly)))
            .ShouldNot()
            .HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(
            result.IsSuccessful,
            $"{assembly} must not use {string.Join(", ", forbidden)} ({why}); these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rules_see_the_types_they_judge()
    {
        // A rule over an assembly that failed to load or lost its types would pass vacuously.
        foreach (var assembly in Rules.Select(row => (string)row[0]))
        {
            Assert.NotEmpty(Types.InAssembly(Assembly.Load(new AssemblyName(assembly))).GetTypes());
        }

        var web = Types.InAssembly(typeof(Program).Assembly).That().HaveDependencyOn("BlazorConsole.Data").GetTypes();
        Assert.NotEmpty(web); // the check does detect a dependency where one exists
    }
}
