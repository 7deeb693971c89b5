using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Infrastructure.Messaging.Queues;

/// <summary>
/// The fleet's queues read from RabbitMQ's management API every few seconds (<see cref="RabbitMqOptions.ManagementUrl"/>,
/// by default port 15672 of the broker's host, with the bus's credentials): depth (ready + unacknowledged), consumers,
/// and the age of the oldest message. The broker reports that age where the head message carries a timestamp (classic
/// queues; Fleet's sends set it); for a queue where it does not (quorum queues, like the page-chunk queue) the age is
/// the time since the queue was last seen empty, which no message in it can be older than.
/// </summary>
public sealed partial class RabbitMqQueueStats(IOptions<BusOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<RabbitMqQueueStats> logger)
    : BackgroundService, IQueueStats
{
    public const string HttpClientName = "rabbitmq-management";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> lastSeenEmpty = new(StringComparer.Ordinal);
    private volatile QueueSnapshot snapshot = QueueSnapshot.Empty;

    public QueueSnapshot Snapshot() => snapshot;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                snapshot = await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogUnreadable(e.Message);
                snapshot = snapshot with { Error = $"the RabbitMQ management API could not be read: {e.Message}" };
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static Uri ManagementUrl(RabbitMqOptions rabbit) =>
        rabbit.ManagementUrl ?? new Uri($"{(rabbit.UseTls ? "https" : "http")}://{rabbit.Host}:{(rabbit.UseTls ? 15671 : 15672)}/");

    private async Task<QueueSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var rabbit = options.Value.RabbitMq;
        using var client = http.CreateClient(HttpClientName);
        client.BaseAddress = ManagementUrl(rabbit);
        client.Timeout = TimeSpan.FromSeconds(10);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Username}:{rabbit.Password}")));
        var vhost = Uri.EscapeDataString(rabbit.VirtualHost);
        var now = time.GetUtcNow();

        using var queuesJson = await GetJson(client, $"api/queues/{vhost}?columns=name,messages,messages_unacknowledged,consumers,head_message_timestamp", cancellationToken);
        var queues = new List<QueueStat>();
        foreach (var queue in queuesJson.RootElement.EnumerateArray())
        {
            var name = queue.GetProperty("name").GetString()!;
            if (QueueStat.IsPerProcess(name))
                continue;
            var depth = Long(queue, "messages");
            if (depth == 0)
                lastSeenEmpty[name] = now;
            double age = 0;
            if (depth > 0)
            {
                age = Long(queue, "head_message_timestamp") is > 0 and var head
                    ? Math.Max(0, (now - DateTimeOffset.FromUnixTimeSeconds(head)).TotalSeconds)
                    : lastSeenEmpty.TryGetValue(name, out var empty) ? (now - empty).TotalSeconds : 0;
            }
            queues.Add(new QueueStat(name, depth, Long(queue, "messages_unacknowledged"), (int)Long(queue, "consumers"), Math.Round(age, 1)));
        }

        // Workers: the consumers of the page-chunk queue, each with what its channel holds unacknowledged.
        using var consumersJson = await GetJson(client, $"api/consumers/{vhost}", cancellationToken);
        using var channelsJson = await GetJson(client, $"api/vhosts/{vhost}/channels?columns=name,messages_unacknowledged", cancellationToken);
        var unacked = channelsJson.RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => Long(c, "messages_unacknowledged"), StringComparer.Ordinal);
        var workers = new List<WorkerStat>();
        foreach (var consumer in consumersJson.RootElement.EnumerateArray())
        {
            if (consumer.GetProperty("queue").GetProperty("name").GetString() != ChunkQueue.Name)
                continue;
            var channel = consumer.GetProperty("channel_details");
            var channelName = channel.GetProperty("name").GetString() ?? "";
            var peer = $"{channel.GetProperty("peer_host").GetString()}:{(channel.TryGetProperty("peer_port", out var port) ? port.ToString() : "")}";
            workers.Add(new WorkerStat(peer, unacked.GetValueOrDefault(channelName)));
        }
        return new QueueSnapshot(queues.OrderBy(q => q.Queue, StringComparer.Ordinal).ToList(), workers.OrderBy(w => w.Name, StringComparer.Ordinal).ToList(), now);
    }

    private static async Task<JsonDocument> GetJson(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    private static long Long(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue depths could not be read from the RabbitMQ management API: {Reason}")]
    private partial void LogUnreadable(string reason);
}
