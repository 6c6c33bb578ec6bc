using BlazorConsole.Git.Outbound;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.TestSupport;

/// <summary>
/// An <see cref="OutboundGuard"/> for tests that build a checkout or client by hand: the test Git servers, sshd and the
/// fake provider listen on 127.0.0.1, which the console refuses by default (<c>Outbound:AllowLoopback=false</c>).
/// </summary>
public static class LoopbackOutbound
{
    public static OutboundGuard Guard { get; } = new(new FixedOptions(new OutboundOptions { AllowLoopback = true }), NullLogger<OutboundGuard>.Instance);

    private sealed class FixedOptions(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
