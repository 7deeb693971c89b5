using System.Net;
using System.Text.Json;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>
/// What one SQS message from S3 says: the objects created (S3 event notification records, <c>ObjectCreated:*</c>),
/// how many records were about something else, and whether it is the <c>s3:TestEvent</c> S3 sends when the
/// notification is configured. Also read: the same records wrapped by SNS, and EventBridge's "Object Created".
/// </summary>
public sealed record S3Notification(IReadOnlyList<ObjectCreated> Created, int Ignored, bool IsTestEvent)
{
    /// <summary>Null (with the reason) for a body that is none of these: it stays on the queue for its dead-letter queue.</summary>
    public static S3Notification? Parse(string body, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("the body is not a JSON object", out error);
            if (Text(root, "Type") == "Notification" && Text(root, "Message") is { } wrapped)
                return Parse(wrapped, out error);
            if (Text(root, "Event") == "s3:TestEvent")
                return new S3Notification([], 0, IsTestEvent: true);
            if (Text(root, "detail-type") is { } detailType && Text(root, "source") == "aws.s3")
                return FromEventBridge(detailType, root);
            if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
                return Fail("no Records array (not an S3 event notification)", out error);

            var created = new List<ObjectCreated>();
            var ignored = 0;
            foreach (var record in records.EnumerateArray())
            {
                if (Text(record, "eventName") is not { } name || !name.StartsWith("ObjectCreated:", StringComparison.Ordinal)
                    || !record.TryGetProperty("s3", out var s3))
                {
                    ignored++;
                    continue;
                }
                if (s3.TryGetProperty("bucket", out var bucket) && Text(bucket, "name") is { Length: > 0 } bucketName &&
                    s3.TryGetProperty("object", out var item) && Text(item, "key") is { Length: > 0 } encodedKey)
                {
                    // S3 writes the key URL-encoded, spaces as '+'.
                    created.Add(new ObjectCreated(bucketName, WebUtility.UrlDecode(encodedKey), ETag(Text(item, "eTag")), Size(item),
                        Text(item, "sequencer")));
                }
                else
                    return Fail("an ObjectCreated record without s3.bucket.name or s3.object.key", out error);
            }
            return new S3Notification(created, ignored, IsTestEvent: false);
        }
        catch (JsonException e)
        {
            return Fail($"not JSON: {e.Message}", out error);
        }
    }

    private static S3Notification? FromEventBridge(string detailType, JsonElement root)
    {
        if (detailType != "Object Created" || !root.TryGetProperty("detail", out var detail) ||
            !detail.TryGetProperty("bucket", out var bucket) || !detail.TryGetProperty("object", out var item) ||
            Text(bucket, "name") is not { Length: > 0 } name || Text(item, "key") is not { Length: > 0 } key)
            return new S3Notification([], 1, IsTestEvent: false);
        return new S3Notification([new ObjectCreated(name, key, ETag(Text(item, "etag")), Size(item), Text(item, "sequencer"))], 0, IsTestEvent: false);
    }

    private static S3Notification? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }

    private static string? ETag(string? etag) => etag?.Trim('"') is { Length: > 0 } trimmed ? trimmed : null;

    private static long Size(JsonElement item) =>
        item.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) ? bytes : -1;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
