using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Cli.Serve;

/// <summary>What starts a <c>fleet serve</c> process and waits for it (the fleet benchmark, the fleet tests) shares.</summary>
public static class ReadinessProbe
{
    /// <summary>A port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls <c>/health/ready</c> until it answers 200. Fails at once when the process exits first, and after
    /// <paramref name="within"/> with the last answer; both messages end with <paramref name="context"/> (where its log is).
    /// </summary>
    public static async Task WaitAsync(string name, Process process, Uri url, TimeSpan within, Func<string> context)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} before it was ready; {context()}");
            try
            {
                using var response = await client.GetAsync(new Uri(url, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} was not ready within {within} (last answer {last}); {context()}");
    }
}
