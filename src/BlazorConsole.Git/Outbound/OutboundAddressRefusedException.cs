using System.Net;

namespace BlazorConsole.Git.Outbound;

/// <summary>
/// The console refused to connect: the target resolved only to addresses the outbound rules forbid
/// (see <see cref="OutboundOptions"/>). Not transient: retrying gets the same answer.
/// </summary>
public sealed class OutboundAddressRefusedException : Exception
{
    public OutboundAddressRefusedException()
    {
    }

    public OutboundAddressRefusedException(string message)
        : base(message)
    {
    }

    public OutboundAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OutboundAddressRefusedException(string target, IPAddress address, OutboundAddressKind kind, string message)
        : base(message)
    {
        Target = target;
        Address = address;
        Kind = kind;
    }

    /// <summary>What was asked for: a URL or <c>host:port</c>.</summary>
    public string? Target { get; }

    public IPAddress? Address { get; }

    public OutboundAddressKind? Kind { get; }

    /// <summary>True when this exception, or one it wraps (HttpRequestException, GitProviderException), is a refusal.</summary>
    public static bool IsRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundAddressRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
