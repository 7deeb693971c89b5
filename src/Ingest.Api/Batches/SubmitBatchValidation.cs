namespace Fleet.Ingest.Api.Batches;

/// <summary>Checks a submission and turns it into <see cref="SubmitBatch"/>; errors are keyed by the JSON field name.</summary>
public static class SubmitBatchValidation
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 256;

    public static Dictionary<string, string[]> Validate(SubmitBatchRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.InputBucket))
            Fail("inputBucket", "The input bucket is required.");
        if (string.IsNullOrWhiteSpace(request.OutputBucket))
            Fail("outputBucket", "The output bucket is required.");
        if (request.Keys is null && request.InputPrefix is null)
            Fail("keys", "Name the input keys, or an input prefix (\"\" for the whole bucket).");
        else if (request.Keys is { Count: 0 })
            Fail("keys", "Keys, when given, name at least one object.");
        else if (request.Keys?.Any(string.IsNullOrWhiteSpace) == true)
            Fail("keys", "A key cannot be empty.");
        else if (request.Keys is { } keys && keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
            Fail("keys", "Each key may be named once.");
        if (request.Dpi is < 72 or > 600)
            Fail("dpi", "The DPI must be between 72 and 600.");
        if (request.ChunkPages is < 1 or > 1000)
            Fail("chunkPages", "Pages per chunk must be between 1 and 1000.");
        if (request.Mode is not null && !TryParseMode(request.Mode, out _))
            Fail("mode", "The mode is one of auto, text or ocr.");
        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength))
            Fail(IdempotencyKeyHeader, $"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.");
        return errors;
    }

    /// <summary>The command for a request that <see cref="Validate"/> accepted.</summary>
    public static SubmitBatch ToCommand(SubmitBatchRequest request, Guid batchId)
    {
        var defaults = new ProcessingOptions();
        TryParseMode(request.Mode ?? nameof(ProcessingMode.Auto), out var mode);
        var options = new ProcessingOptions(request.Dpi ?? defaults.Dpi, mode, request.ChunkPages ?? defaults.ChunkPages, request.Rerun ?? false);
        return new SubmitBatch(batchId, request.InputBucket!, request.InputPrefix ?? "", request.Keys, request.OutputBucket!,
            AsFolder(request.OutputPrefix), options, request.Recursive ?? true);
    }

    private static bool TryParseMode(string value, out ProcessingMode mode) =>
        Enum.TryParse(value, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _);

    /// <summary>Output keys are the prefix followed by names: "ocr" would give "ocrreport.txt", so a slash is added.</summary>
    private static string AsFolder(string? prefix) =>
        string.IsNullOrEmpty(prefix) || prefix.EndsWith('/') ? prefix ?? "" : prefix + "/";
}
