namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// How a batch's completion callback went: <paramref name="State"/> is pending (tries left), delivered (a 2xx
/// answer) or failed (every try used); the last try's HTTP status or error says why.
/// </summary>
public sealed record CallbackDelivery(string State, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
