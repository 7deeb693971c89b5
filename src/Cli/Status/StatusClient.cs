using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Ingest.Api.Access;

namespace Fleet.Cli.Status;

/// <summary>
/// Reads the dashboard's feed from an api process, with the API key in the header the batch API takes. Every way it
/// can go wrong ends as a <see cref="StatusException"/> with one line saying what and the exit code for it.
/// </summary>
public sealed class StatusClient(Uri api, string? apiKey) : IDisposable
{
    public const string FeedPath = "dashboard/feed";

    private readonly HttpClient http = Create(api, apiKey);

    public Uri Api { get; } = api;

    public async Task<StatusFeed> ReadAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(FeedPath, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new StatusException(StatusCommand.Unreachable, $"cannot reach the API at {Api}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StatusException(StatusCommand.Unreachable, $"the API at {Api} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new StatusException(StatusCommand.KeyRefused, apiKey is null
                    ? $"the API at {Api} needs an API key: pass --api-key or set FLEET_API_KEY"
                    : $"the API at {Api} does not accept this API key");
            }
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new StatusException(StatusCommand.Unreachable, $"{Api} has no /{FeedPath}: is it a Fleet api role (fleet serve --role api)?");
            if (!response.IsSuccessStatusCode)
                throw new StatusException(StatusCommand.Unreachable, $"the API at {Api} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            try
            {
                return await response.Content.ReadFromJsonAsync<StatusFeed>(JsonSerializerOptions.Web, cancellationToken)
                       ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new StatusException(StatusCommand.Unreachable, $"{Api}/{FeedPath} did not answer with the dashboard's feed: {e.Message}");
            }
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpClient Create(Uri api, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(api.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        if (!string.IsNullOrEmpty(apiKey))
            http.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, apiKey);
        return http;
    }
}
