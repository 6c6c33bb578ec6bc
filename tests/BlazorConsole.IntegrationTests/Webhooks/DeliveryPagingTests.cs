using System.Net;
using BlazorConsole.Application.Webhooks;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Webhooks;

/// <summary>
/// The delivery log pages newest first however deep the page: late pages are read from the oldest end, and must show
/// exactly the rows skipping from the newest end would show.
/// </summary>
public class DeliveryPagingTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    [Fact]
    public async Task Every_page_of_a_long_delivery_log_shows_its_own_fifty_deliveries_newest_first()
    {
        var component = await factory.CreateComponentAsync(new { name = "paging-" + Guid.NewGuid().ToString("N")[..6], application = "apps", gitUrl = "https://git.example.test/x.git", branch = "main" });
        // Past the far-page threshold, with a last page that is not full.
        var count = DeliveryService.FarPageRows * 2 + 37;
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        await factory.WithDbAsync(async db =>
        {
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, count).Select(i => new WebhookDelivery
            {
                ComponentId = component.Id,
                Provider = "github",
                Event = "push",
                ProviderDeliveryId = $"paging-{i}",
                ReceivedAt = start.AddSeconds(i),
                Status = 200,
                Decision = WebhookDecision.Skipped,
                Reason = SkipReason.BranchMismatch,
                Detail = $"delivery {i}",
            }));
            return await db.SaveChangesAsync();
        });
        var newestFirst = await factory.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.ComponentId == component.Id).OrderByDescending(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(count, newestFirst.Count);

        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var pageSize = DeliveryService.PageSize;
        var lastPage = (count + pageSize - 1) / pageSize;
        var nearThreshold = DeliveryService.FarPageRows / pageSize + 1;
        foreach (var page in new[] { 1, nearThreshold, nearThreshold + 1, lastPage / 2, lastPage / 2 + 1, lastPage - 1, lastPage, lastPage + 1 })
        {
            var response = await api.GetAsync($"/api/v1/components/{component.Id}/deliveries?page={page}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var shown = (await response.ReadJsonAsync()).EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
            Assert.True(newestFirst.Skip((page - 1) * pageSize).Take(pageSize).SequenceEqual(shown), $"page {page} shows other deliveries");
        }
    }
}
