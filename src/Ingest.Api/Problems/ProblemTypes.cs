namespace Fleet.Ingest.Api.Problems;

/// <summary>
/// The <c>type</c> of every problem the API answers (RFC 9457), one per kind of error, so a client can branch on it
/// without parsing titles. They are URNs: names, not pages to fetch; README's API section lists them.
/// </summary>
public static class ProblemTypes
{
    public const string Validation = "urn:fleet:problem:validation";
    public const string InvalidJson = "urn:fleet:problem:invalid-json";
    public const string Unauthorized = "urn:fleet:problem:unauthorized";
    public const string NotFound = "urn:fleet:problem:not-found";
    public const string Conflict = "urn:fleet:problem:conflict";
    public const string TooLarge = "urn:fleet:problem:too-large";
    public const string IdempotencyKeyReused = "urn:fleet:problem:idempotency-key-reused";
    public const string TooManyRequests = "urn:fleet:problem:too-many-requests";
    public const string TooManyBatches = "urn:fleet:problem:too-many-batches";
    public const string UnreadableDocument = "urn:fleet:problem:unreadable-document";
    public const string Unavailable = "urn:fleet:problem:unavailable";
    public const string Internal = "urn:fleet:problem:internal";

    /// <summary>The type a problem gets when its handler named none, by status.</summary>
    public static string ForStatus(int? status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        404 => NotFound,
        409 => Conflict,
        413 => TooLarge,
        422 => IdempotencyKeyReused,
        429 => TooManyRequests,
        503 => Unavailable,
        _ => Internal,
    };
}
