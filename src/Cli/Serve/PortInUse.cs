using System.Net;
using System.Net.Sockets;

namespace Fleet.Cli.Serve;

/// <summary>
/// Finds a URL whose port another process holds, before the host starts: Kestrel would otherwise log its failure to
/// bind as a critical error with a stack trace.
/// </summary>
public static class PortInUse
{
    public static string? Find(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Port == 0)
                continue;
            var address = uri.Host == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : IPAddress.Any;
            try
            {
                using var listener = new TcpListener(address, uri.Port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }
        return null;
    }
}
