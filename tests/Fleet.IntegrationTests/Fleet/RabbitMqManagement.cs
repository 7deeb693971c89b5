using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>RabbitMQ's management API, as the services expose it: virtual hosts for isolation, queue counts for checks.</summary>
public static class RabbitMqManagement
{
    private static readonly HttpClient Client = Create();

    public static async Task CreateVirtualHost(string name)
    {
        (await Client.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        var user = FleetServices.Environment["Fleet__Bus__RabbitMq__Username"];
        (await Client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{user}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public static async Task DeleteVirtualHost(string name)
    {
        if (name.Length > 0)
            await Client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}");
    }

    /// <summary>The queue's JSON (messages, messages_unacknowledged, consumers, arguments), or null when it does not exist.</summary>
    public static async Task<JsonElement?> Queue(string virtualHost, string queue)
    {
        using var response = await Client.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{queue}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    private static HttpClient Create()
    {
        var env = FleetServices.Environment;
        var client = new HttpClient { BaseAddress = new Uri(env["Fleet__Bus__RabbitMq__ManagementUrl"].TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(20) };
        var credentials = $"{env["Fleet__Bus__RabbitMq__Username"]}:{env["Fleet__Bus__RabbitMq__Password"]}";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }
}
