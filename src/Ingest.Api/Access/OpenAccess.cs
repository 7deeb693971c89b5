using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Ingest.Api.Access;

/// <summary>
/// Whether the API may run without keys where it listens: open on loopback only (one machine's own users), refused on
/// any other address, where anyone who reaches the port could submit work and read results.
/// </summary>
public static class OpenAccess
{
    /// <summary>Why the API must not start open on <paramref name="urls"/>; null when it may.</summary>
    public static string? Refusal(IApiKeys keys, IEnumerable<string> urls)
    {
        if (!keys.IsOpen)
            return null;
        var exposed = urls.Where(url => !IsLoopback(url)).ToList();
        return exposed.Count == 0 ? null
            : $"no API key is configured and the API would listen on {string.Join(", ", exposed)}, beyond this machine: set FLEET_API_KEY " +
              "(or Fleet__Api__Keys__0__Key and __Tenant), or listen on 127.0.0.1";
    }

    /// <summary>
    /// Says on stderr that the API runs open, or why it must not start (false). <paramref name="urls"/> are where it
    /// will listen; unset, where Kestrel listens as configured (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>).
    /// </summary>
    public static bool MayStart(IServiceProvider services, IEnumerable<string>? urls = null)
    {
        var keys = services.GetRequiredService<IApiKeys>();
        if (Refusal(keys, urls ?? ConfiguredUrls(services.GetRequiredService<IConfiguration>())) is { } refusal)
        {
            Console.Error.WriteLine($"error: {refusal}");
            return false;
        }
        if (keys.IsOpen)
            Console.Error.WriteLine(OpenWarning);
        return true;
    }

    /// <summary>Kestrel's addresses as configured: <c>urls</c>, else <c>http_ports</c> on every address, else its default.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = $"{configuration["http_ports"]};{configuration["https_ports"]}"
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ports.Length > 0 ? [.. ports.Select(port => $"http://*:{port}")] : ["http://localhost:5000"];
    }

    public const string OpenWarning =
        "warning: no API key is configured (FLEET_API_KEY or Fleet__Api__Keys__N__Key): the API is open to every user of this machine.";

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri))
            return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
