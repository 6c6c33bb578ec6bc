using System.Net;
using System.Net.Sockets;

namespace BlazorConsole.Git.Outbound;

/// <summary>What kind of network an address belongs to, as far as the outbound rules care.</summary>
public enum OutboundAddressKind
{
    Public,

    /// <summary>10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7 (unique local), fec0::/10 (old site-local).</summary>
    Private,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>169.254.0.0/16, fe80::/10: where cloud metadata services answer (169.254.169.254).</summary>
    LinkLocal,

    /// <summary>0.0.0.0/8, :: — connecting there reaches the local machine on Linux.</summary>
    Unspecified,

    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,

    /// <summary>240.0.0.0/4 including the broadcast address 255.255.255.255.</summary>
    Reserved,
}

/// <summary>Classifies IP addresses for <see cref="OutboundGuard"/>. Pure: no DNS, no configuration.</summary>
public static class OutboundAddressClassifier
{
    public static OutboundAddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // ::ffff:127.0.0.1 connects to 127.0.0.1: a mapped address is what it maps to.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyIPv4(address),
            AddressFamily.InterNetworkV6 => ClassifyIPv6(address),
            _ => OutboundAddressKind.Reserved,
        };
    }

    /// <summary>How an address kind is named in messages: "a loopback address".</summary>
    public static string Describe(OutboundAddressKind kind) => kind switch
    {
        OutboundAddressKind.Public => "a public address",
        OutboundAddressKind.Private => "a private-network address",
        OutboundAddressKind.Loopback => "a loopback address",
        OutboundAddressKind.LinkLocal => "a link-local address",
        OutboundAddressKind.Unspecified => "an unspecified address",
        OutboundAddressKind.Multicast => "a multicast address",
        OutboundAddressKind.Reserved => "a reserved address",
        _ => kind.ToString(),
    };

    private static OutboundAddressKind ClassifyIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0 => OutboundAddressKind.Unspecified,
            127 => OutboundAddressKind.Loopback,
            10 => OutboundAddressKind.Private,
            169 when b[1] == 254 => OutboundAddressKind.LinkLocal,
            172 when b[1] is >= 16 and <= 31 => OutboundAddressKind.Private,
            192 when b[1] == 168 => OutboundAddressKind.Private,
            100 when b[1] is >= 64 and <= 127 => OutboundAddressKind.Private,
            >= 224 and <= 239 => OutboundAddressKind.Multicast,
            >= 240 => OutboundAddressKind.Reserved,
            _ => OutboundAddressKind.Public,
        };
    }

    private static OutboundAddressKind ClassifyIPv6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (!b[..15].ContainsAnyExcept((byte)0))
        {
            return b[15] switch
            {
                0 => OutboundAddressKind.Unspecified,
                1 => OutboundAddressKind.Loopback,
                _ => OutboundAddressKind.Reserved, // deprecated IPv4-compatible ::a.b.c.d
            };
        }

        return b[0] switch
        {
            0xff => OutboundAddressKind.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => OutboundAddressKind.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => OutboundAddressKind.Private,
            0xfc or 0xfd => OutboundAddressKind.Private,
            _ => OutboundAddressKind.Public,
        };
    }
}
