using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorConsole.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add --project src/BlazorConsole.Data.Sqlite</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeConsoleDbContextFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ConsoleDbContext>();
        SqliteDataServiceCollectionExtensions.UseConsoleSqlite(options, "Data Source=design-time.db");
        return new ConsoleDbContext(options.Options);
    }
}
