using System.Net;
using BlazorConsole.Git.Outbound;

namespace BlazorConsole.UnitTests.Git.Outbound;

public class OutboundAddressClassifierTests
{
    [Theory]
    [InlineData("8.8.8.8", OutboundAddressKind.Public)]
    [InlineData("140.82.112.3", OutboundAddressKind.Public)]
    [InlineData("2606:50c0:8000::153", OutboundAddressKind.Public)]
    [InlineData("127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("127.255.255.254", OutboundAddressKind.Loopback)]
    [InlineData("::1", OutboundAddressKind.Loopback)]
    [InlineData("169.254.169.254", OutboundAddressKind.LinkLocal)]
    [InlineData("169.254.0.1", OutboundAddressKind.LinkLocal)]
    [InlineData("fe80::1", OutboundAddressKind.LinkLocal)]
    [InlineData("febf:ffff::1", OutboundAddressKind.LinkLocal)]
    [InlineData("0.0.0.0", OutboundAddressKind.Unspecified)]
    [InlineData("0.1.2.3", OutboundAddressKind.Unspecified)]
    [InlineData("::", OutboundAddressKind.Unspecified)]
    [InlineData("224.0.0.1", OutboundAddressKind.Multicast)]
    [InlineData("239.255.255.250", OutboundAddressKind.Multicast)]
    [InlineData("ff02::1", OutboundAddressKind.Multicast)]
    [InlineData("255.255.255.255", OutboundAddressKind.Reserved)]
    [InlineData("240.0.0.1", OutboundAddressKind.Reserved)]
    [InlineData("10.0.0.1", OutboundAddressKind.Private)]
    [InlineData("10.255.255.1", OutboundAddressKind.Private)]
    [InlineData("172.16.0.1", OutboundAddressKind.Private)]
    [InlineData("172.31.255.255", OutboundAddressKind.Private)]
    [InlineData("192.168.1.10", OutboundAddressKind.Private)]
    [InlineData("100.64.0.1", OutboundAddressKind.Private)]
    [InlineData("100.127.255.255", OutboundAddressKind.Private)]
    [InlineData("fc00::1", OutboundAddressKind.Private)]
    [InlineData("fd12:3456::1", OutboundAddressKind.Private)]
    public void Each_range_is_classified(string address, OutboundAddressKind expected)
    {
        Assert.Equal(expected, OutboundAddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("192.167.255.255")]
    [InlineData("126.255.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("fbff::1")]
    public void Addresses_just_outside_a_range_are_public(string address)
    {
        Assert.Equal(OutboundAddressKind.Public, OutboundAddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::ffff:169.254.169.254", OutboundAddressKind.LinkLocal)]
    [InlineData("::ffff:10.1.2.3", OutboundAddressKind.Private)]
    [InlineData("::ffff:0.0.0.0", OutboundAddressKind.Unspecified)]
    [InlineData("::ffff:8.8.8.8", OutboundAddressKind.Public)]
    public void Ipv4_mapped_ipv6_addresses_are_classified_as_their_ipv4(string address, OutboundAddressKind expected)
    {
        var parsed = IPAddress.Parse(address);
        Assert.True(parsed.IsIPv4MappedToIPv6);
        Assert.Equal(expected, OutboundAddressClassifier.Classify(parsed));
    }
}
