using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Git.Outbound;

/// <summary>The guard's verdict on one address.</summary>
public sealed record OutboundDecision(IPAddress Address, OutboundAddressKind Kind, bool Allowed, string? Reason);

/// <summary>
/// The one place that decides whether the console may connect to an address on a user's behalf. HTTP clients use it at
/// connect time (<see cref="ConnectAsync"/> as the <see cref="SocketsHttpHandler.ConnectCallback"/>), so the address
/// checked is the address connected to, whatever a DNS name answers later; Git fetches, whose HTTP and SSH stacks are
/// not ours, check the host right before they start (<see cref="EnsureHostAllowedAsync"/>).
/// </summary>
public sealed partial class OutboundGuard(IOptionsMonitor<OutboundOptions> options, ILogger<OutboundGuard> logger)
{
    /// <summary>The verdict for one address under the current options.</summary>
    public OutboundDecision Decide(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var kind = OutboundAddressClassifier.Classify(address);
        var current = options.CurrentValue;
        var reason = kind switch
        {
            OutboundAddressKind.Public => null,
            OutboundAddressKind.Private when current.AllowPrivateNetworks => null,
            OutboundAddressKind.Private => "the console does not connect there (set Outbound:AllowPrivateNetworks=true to allow it)",
            OutboundAddressKind.Loopback when current.AllowLoopback => null,
            OutboundAddressKind.Loopback => "the console does not connect there (set Outbound:AllowLoopback=true to allow it)",
            OutboundAddressKind.LinkLocal => "the console never connects there (cloud metadata services answer on link-local addresses)",
            _ => "the console never connects there",
        };
        return new OutboundDecision(address, kind, reason is null, reason);
    }

    /// <summary>
    /// Resolves <paramref name="host"/> (an IP literal is taken as it is) and returns the addresses the rules allow, in
    /// the resolver's order. Throws <see cref="OutboundAddressRefusedException"/> naming the first refused address when
    /// none is allowed; a name that does not resolve throws the resolver's <see cref="SocketException"/>.
    /// </summary>
    /// <param name="target">The URL or <c>host:port</c> being reached, for the message.</param>
    public async Task<IReadOnlyList<IPAddress>> ResolveAllowedAsync(string host, string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var addresses = AddressesWithoutLookup(host)
            ?? await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var decisions = addresses.Select(Decide).ToList();
        var allowed = decisions.Where(d => d.Allowed).Select(d => d.Address).ToList();
        if (allowed.Count > 0)
        {
            return allowed;
        }

        var refused = decisions.FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
        var message = $"{target} resolves to {refused.Address}, {OutboundAddressClassifier.Describe(refused.Kind)}: {refused.Reason}";
        LogRefused(logger, target, refused.Address, refused.Kind);
        throw new OutboundAddressRefusedException(target, refused.Address, refused.Kind, message);
    }

    /// <summary>
    /// The verdict for a host that needs no DNS lookup: an IP literal, or a <c>localhost</c> name. Null for other names
    /// (they are decided when resolved, at connect time). For checking a URL as it is typed.
    /// </summary>
    public OutboundDecision? DecideWithoutLookup(string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return AddressesWithoutLookup(host) is [var first, ..] ? Decide(first) : null;
    }

    private static IPAddress[]? AddressesWithoutLookup(string host)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var parsed))
        {
            return [parsed];
        }

        // RFC 6761: every *.localhost name is loopback. Some resolvers answer so and some do not; the guard
        // decides the same way whatever this machine's resolver does.
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : null;
    }

    /// <summary>Checks that a host may be reached (at least one of its addresses is allowed); for clients that connect on their own (libgit2, ssh).</summary>
    public Task EnsureHostAllowedAsync(string host, string target, CancellationToken cancellationToken = default) =>
        ResolveAllowedAsync(host, target, cancellationToken);

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, keeps the allowed addresses and connects
    /// to the first that answers. A refusal surfaces as an <see cref="HttpRequestException"/> wrapping
    /// <see cref="OutboundAddressRefusedException"/>.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endPoint = context.DnsEndPoint;
        var target = context.InitialRequestMessage.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Authority) + "/" : $"{endPoint.Host}:{endPoint.Port}";
        var addresses = await ResolveAllowedAsync(endPoint.Host, target, cancellationToken).ConfigureAwait(false);
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastFailure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }

    /// <summary>
    /// The primary handler for HTTP clients that call URLs users typed. No proxy: through one, the guard would check the
    /// proxy's address instead of the target's.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Refused an outbound connection to {Target}: it resolves to {Address} ({Kind})")]
    private static partial void LogRefused(ILogger logger, string target, IPAddress address, OutboundAddressKind kind);
}
