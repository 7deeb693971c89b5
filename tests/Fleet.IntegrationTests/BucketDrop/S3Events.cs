using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Fleet.IntegrationTests.BucketDrop;

/// <summary>
/// The messages S3 puts on an SQS queue, in AWS's own shape: s3rver stores the objects but sends no notifications, so
/// the tests announce each object themselves, as S3 would after the put.
/// </summary>
public static class S3Events
{
    private static long sequence = DateTime.UtcNow.Ticks;

    /// <summary>An <c>ObjectCreated:Put</c> event notification (event version 2.1) for one object.</summary>
    public static string ObjectCreated(string bucket, string key, string eTag, long size) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1",
                eventSource = "aws:s3",
                awsRegion = "us-east-1",
                eventTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                eventName = "ObjectCreated:Put",
                userIdentity = new { principalId = "AWS:AIDAEXAMPLE" },
                requestParameters = new { sourceIPAddress = "127.0.0.1" },
                responseElements = new Dictionary<string, string> { ["x-amz-request-id"] = "C3D13FE58DE4C810", ["x-amz-id-2"] = "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
                s3 = new
                {
                    s3SchemaVersion = "1.0",
                    configurationId = "fleet-drop-pdf",
                    bucket = new { name = bucket, ownerIdentity = new { principalId = "A3NL1KOZZKExample" }, arn = $"arn:aws:s3:::{bucket}" },
                    @object = new { key = Encode(key), size, eTag, sequencer = Interlocked.Increment(ref sequence).ToString("X16", CultureInfo.InvariantCulture) },
                },
            },
        },
    });

    /// <summary>What S3 sends once when a notification to the queue is configured.</summary>
    public static string TestEvent(string bucket) => JsonSerializer.Serialize(new
    {
        Service = "Amazon S3",
        Event = "s3:TestEvent",
        Time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        Bucket = bucket,
        RequestId = "5582815E1AEA5ADF",
        HostId = "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    });

    /// <summary>S3 writes keys URL-encoded with spaces as '+' and slashes as they are.</summary>
    private static string Encode(string key) => WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal);
}
