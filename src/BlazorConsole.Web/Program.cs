using BlazorConsole.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Content from NuGet packages (MudBlazor) is served from the build output outside Development too; no-op when published.
builder.WebHost.UseStaticWebAssets();
builder.AddConsoleHosting();
builder.AddConsoleFeatures();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Pages get a proper 404/403 page; the API and webhook endpoints keep their JSON or empty bodies.
app.UseWhen(
    context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/console"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapConsoleEndpoints();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
