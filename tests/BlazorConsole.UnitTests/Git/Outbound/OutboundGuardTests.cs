using System.Net;
using System.Net.Sockets;
using BlazorConsole.Git.Outbound;
using BlazorConsole.Git.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.UnitTests.Git.Outbound;

/// <summary>
/// The guard's decisions, and the guard at work in a real <see cref="HttpClient"/> (its ConnectCallback). Only loopback
/// traffic is ever exchanged: refusals happen before a socket is opened, and private addresses are checked by decision.
/// </summary>
public sealed class OutboundGuardTests : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private int accepted;

    public OutboundGuardTests()
    {
        listener.Start();
        _ = AnswerAsync();
    }

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Dispose() => listener.Stop();

    [Theory]
    [InlineData(false, true, "10.1.2.3", true)]
    [InlineData(false, false, "10.1.2.3", false)]
    [InlineData(false, false, "192.168.0.5", false)]
    [InlineData(false, false, "fd00::5", false)]
    [InlineData(false, true, "127.0.0.1", false)]
    [InlineData(true, true, "127.0.0.1", true)]
    [InlineData(true, true, "::ffff:127.0.0.1", true)]
    [InlineData(false, true, "::ffff:127.0.0.1", false)]
    [InlineData(true, true, "169.254.169.254", false)]
    [InlineData(true, true, "fe80::1", false)]
    [InlineData(true, true, "0.0.0.0", false)]
    [InlineData(true, true, "::", false)]
    [InlineData(true, true, "224.0.0.251", false)]
    [InlineData(false, false, "140.82.112.3", true)]
    public void Decisions_follow_the_options(bool allowLoopback, bool allowPrivate, string address, bool allowed)
    {
        var guard = Guard(allowLoopback, allowPrivate);

        var decision = guard.Decide(IPAddress.Parse(address));

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(allowed, decision.Reason is null);
    }

    [Fact]
    public void Private_networks_are_allowed_by_default_and_loopback_is_not()
    {
        var defaults = new OutboundGuard(new StaticOptions(new OutboundOptions()), NullLogger<OutboundGuard>.Instance);

        Assert.True(defaults.Decide(IPAddress.Parse("10.255.255.1")).Allowed);
        Assert.True(defaults.Decide(IPAddress.Parse("172.20.0.1")).Allowed);
        Assert.False(defaults.Decide(IPAddress.Loopback).Allowed);
        Assert.False(defaults.Decide(IPAddress.IPv6Loopback).Allowed);
    }

    [Fact]
    public async Task A_loopback_url_is_refused_with_its_reason_and_nothing_connects()
    {
        using var http = new HttpClient(Guard(allowLoopback: false).CreateHandler());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{Port}/")));

        var refusal = Assert.IsType<OutboundAddressRefusedException>(ex.InnerException);
        Assert.Equal(OutboundAddressKind.Loopback, refusal.Kind);
        Assert.StartsWith($"http://127.0.0.1:{Port}/ resolves to 127.0.0.1, a loopback address: the console does not connect there (set Outbound:AllowLoopback=true to allow it)",
            refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("outbound-guard-test.localhost")]
    public async Task A_name_that_resolves_to_loopback_is_refused(string name)
    {
        using var http = new HttpClient(Guard(allowLoopback: false).CreateHandler());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{name}:{Port}/")));

        var refusal = Assert.IsType<OutboundAddressRefusedException>(ex.InnerException);
        Assert.Equal(OutboundAddressKind.Loopback, refusal.Kind);
        Assert.Contains($"http://{name}:{Port}/ resolves to ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("a loopback address", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task The_metadata_address_is_refused_even_with_every_override()
    {
        using var http = new HttpClient(Guard(allowLoopback: true, allowPrivate: true).CreateHandler());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://169.254.169.254/latest/meta-data/")));

        var refusal = Assert.IsType<OutboundAddressRefusedException>(ex.InnerException);
        Assert.Equal(OutboundAddressKind.LinkLocal, refusal.Kind);
        Assert.Contains("169.254.169.254, a link-local address: the console never connects there", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_address_is_refused_when_private_networks_are_off()
    {
        using var http = new HttpClient(Guard(allowLoopback: false, allowPrivate: false).CreateHandler());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://10.255.255.1:8080/")));

        var refusal = Assert.IsType<OutboundAddressRefusedException>(ex.InnerException);
        Assert.Equal(OutboundAddressKind.Private, refusal.Kind);
        Assert.Contains("(set Outbound:AllowPrivateNetworks=true to allow it)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_is_reached_when_allowed()
    {
        using var http = new HttpClient(Guard(allowLoopback: true).CreateHandler());

        using var response = await http.GetAsync(new Uri($"http://localhost:{Port}/"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task The_provider_clients_use_the_guard_and_do_not_retry_a_refusal()
    {
        var logs = new CountingLoggerProvider();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Outbound:AllowLoopback"] = "false" }).Build())
            .AddLogging(l => l.AddProvider(logs))
            .AddGitProviderClients();
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(GitProvidersServiceCollectionExtensions.OAuthClientName);

        // GET is retried by the standard handler on connection errors; a refusal must not be.
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{Port}/api/v4/user")));

        Assert.True(OutboundAddressRefusedException.IsRefusal(ex));
        Assert.Equal(1, logs.Count("Refused an outbound connection"));
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task A_host_checked_before_a_git_fetch_names_its_reason()
    {
        var guard = Guard(allowLoopback: false);

        var ex = await Assert.ThrowsAsync<OutboundAddressRefusedException>(() => guard.EnsureHostAllowedAsync("127.0.0.1", "ssh://git@127.0.0.1:2222/repo.git"));
        Assert.StartsWith("ssh://git@127.0.0.1:2222/repo.git resolves to 127.0.0.1, a loopback address", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OutboundAddressRefusedException>(() => guard.EnsureHostAllowedAsync("[::1]", "https://[::1]/repo.git"));
        await guard.EnsureHostAllowedAsync("10.0.0.7", "https://10.0.0.7/repo.git"); // private: allowed by default, no traffic
    }

    private static OutboundGuard Guard(bool allowLoopback, bool allowPrivate = true) =>
        new(new StaticOptions(new OutboundOptions { AllowLoopback = allowLoopback, AllowPrivateNetworks = allowPrivate }), NullLogger<OutboundGuard>.Instance);

    /// <summary>Answers each connection with one HTTP 204 and counts the connections.</summary>
    private async Task AnswerAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
        }
    }

    private sealed class StaticOptions(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }

    private sealed class CountingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> messages = [];

        public int Count(string fragment)
        {
            lock (messages)
            {
                return messages.Count(m => m.Contains(fragment, StringComparison.Ordinal));
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CountingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.messages)
                {
                    owner.messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
