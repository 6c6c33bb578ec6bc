using System.Net;
using System.Net.Sockets;

namespace BlazorConsole.TestSupport;

/// <summary>Ports for server processes the tests start that bind a port themselves (sshd, redis-server).</summary>
public static class LoopbackPort
{
    /// <summary>A loopback port free now (the OS picks it; the process binds it a moment later).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
