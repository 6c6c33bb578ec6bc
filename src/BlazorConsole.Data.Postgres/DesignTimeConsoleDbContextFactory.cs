using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorConsole.Data.Postgres;

/// <summary>Lets <c>dotnet ef migrations add --project src/BlazorConsole.Data.Postgres</c> build the model; no server is needed for that.</summary>
internal sealed class DesignTimeConsoleDbContextFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ConsoleDbContext>();
        options.UseConsolePostgres("Host=localhost;Database=blazorconsole_design");
        return new ConsoleDbContext(options.Options);
    }
}
