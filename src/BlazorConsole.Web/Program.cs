using BlazorConsole.Web.Hosting;

// Content (appsettings.json, static web assets) comes from the build output, so the console starts the same from any
// working directory; relative paths in configuration (Console:DataDir) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Content from NuGet packages (MudBlazor) is served from the build output outside Development too; no-op when published.
builder.WebHost.UseStaticWebAssets();
builder.AddConsoleHosting();
builder.AddConsoleFeatures();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Page requests get a proper 404 page; the API and webhook endpoints keep their JSON or empty bodies.
app.UseWhen(
    context => HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api")
        && !context.Request.Path.StartsWithSegments("/console"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

// Routing after the status-code pages, so a re-executed request is routed again to the 404 page.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapConsoleEndpoints();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
