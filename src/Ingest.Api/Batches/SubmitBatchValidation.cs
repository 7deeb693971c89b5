namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Checks a submission and turns it into <see cref="SubmitBatch"/>; errors are keyed by the JSON field name. A key
/// or prefix that would leave its bucket, a bucket the tenant may not use and a callback its tenant cannot sign are
/// refused here, so no batch is started that could only fail.
/// </summary>
public static class SubmitBatchValidation
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxTagLength = 200;
    private const int MaxIdempotencyKeyLength = 256;

    public static Dictionary<string, string[]> Validate(SubmitBatchRequest request, string? idempotencyKey, TenantOptions tenant, ApiLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrWhiteSpace(request.InputBucket))
            Fail("inputBucket", "The input bucket is required.");
        if (string.IsNullOrWhiteSpace(request.OutputBucket))
            Fail("outputBucket", "The output bucket is required.");
        if (request.Keys is null && request.InputPrefix is null)
            Fail("keys", "Name the input keys, or an input prefix (\"\" for the whole bucket).");
        else if (request.Keys is { Count: 0 })
            Fail("keys", "Keys, when given, name at least one object.");
        else if (request.Keys is { } many && many.Count > limits.MaxKeysPerBatch)
            Fail("keys", $"A batch names at most {limits.MaxKeysPerBatch} keys; submit a prefix or several batches.");
        else if (request.Keys?.Any(string.IsNullOrWhiteSpace) == true)
            Fail("keys", "A key cannot be empty.");
        else if (request.Keys is { } keys && keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
            Fail("keys", "Each key may be named once.");
        else if (request.Keys?.FirstOrDefault(k => KeyRefusal(k) is not null) is { } outside)
            Fail("keys", $"'{outside}': {KeyRefusal(outside)}");
        if (request.InputPrefix is { } inputPrefix && KeyRefusal(inputPrefix) is { } inputRefusal)
            Fail("inputPrefix", inputRefusal);
        if (request.OutputPrefix is { } outputPrefix && KeyRefusal(outputPrefix) is { } outputRefusal)
            Fail("outputPrefix", outputRefusal);

        if (!string.IsNullOrWhiteSpace(request.InputBucket))
        {
            if (request.Keys is { } named && named.FirstOrDefault(k => !tenant.MayUse(request.InputBucket, k)) is { } denied)
                Fail("keys", $"Your API key may not read '{denied}' in bucket '{request.InputBucket}'.");
            else if (request.Keys is null && !tenant.MayUse(request.InputBucket, request.InputPrefix ?? ""))
                Fail("inputBucket", $"Your API key may not read '{request.InputPrefix}' in bucket '{request.InputBucket}'.");
        }
        if (!string.IsNullOrWhiteSpace(request.OutputBucket) && !tenant.MayUse(request.OutputBucket, AsFolder(request.OutputPrefix)))
            Fail("outputBucket", $"Your API key may not write '{AsFolder(request.OutputPrefix)}' in bucket '{request.OutputBucket}'.");

        if (request.Dpi is < 72 or > 600)
            Fail("dpi", "The DPI must be between 72 and 600.");
        if (request.ChunkPages is < 1 or > 1000)
            Fail("chunkPages", "Pages per chunk must be between 1 and 1000.");
        if (request.Mode is not null && !TryParseMode(request.Mode, out _))
            Fail("mode", "The mode is one of auto, text or ocr.");
        if (request.Outputs is { } outputs && !OutputFormatNames.TryParse(outputs, out _, out var unknown))
            Fail("outputs", unknown is null
                ? $"Name at least one output format: {string.Join(", ", OutputFormatNames.All)}."
                : $"'{unknown}' is not an output format; they are {string.Join(", ", OutputFormatNames.All)}.");
        if (request.Passwords is { } passwords)
        {
            if (passwords.Count > limits.MaxKeysPerBatch)
                Fail("passwords", $"A batch gives at most {limits.MaxKeysPerBatch} passwords.");
            else if (passwords.FirstOrDefault(p => string.IsNullOrEmpty(p.Value)) is { Key: { } empty })
                Fail("passwords", $"The password for '{empty}' is empty.");
            else if (passwords.Keys.FirstOrDefault(k => k != AnyInput && (string.IsNullOrWhiteSpace(k) || KeyRefusal(k) is not null)) is { } badKey)
                Fail("passwords", $"'{badKey}' is not an input key: {KeyRefusal(badKey) ?? "a key cannot be empty."}");
        }
        if (request.Tag is { Length: 0 or > MaxTagLength })
            Fail("tag", $"A tag has 1 to {MaxTagLength} characters.");
        if (request.CallbackUrl is { } callback)
        {
            if (!Uri.TryCreate(callback, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                Fail("callbackUrl", "The callback URL is an absolute http or https URL.");
            else if (string.IsNullOrEmpty(tenant.CallbackSecret))
                Fail("callbackUrl", "No callback secret is configured for your API key's tenant (Fleet:Api:Tenants:NAME:CallbackSecret), so a callback could not be signed.");
        }
        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength))
            Fail(IdempotencyKeyHeader, $"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.");
        return errors;
    }

    /// <summary>The command for a request that <see cref="Validate"/> accepted.</summary>
    public static SubmitBatch ToCommand(SubmitBatchRequest request, Guid batchId)
    {
        var defaults = new ProcessingOptions();
        TryParseMode(request.Mode ?? nameof(ProcessingMode.Auto), out var mode);
        var outputs = request.Outputs is { } named && OutputFormatNames.TryParse(named, out var formats, out _) ? formats : defaults.Outputs;
        var options = new ProcessingOptions(request.Dpi ?? defaults.Dpi, mode, request.ChunkPages ?? defaults.ChunkPages, request.Rerun ?? false, outputs);
        return new SubmitBatch(batchId, request.InputBucket!, request.InputPrefix ?? "", request.Keys, request.OutputBucket!,
            AsFolder(request.OutputPrefix), options, request.Recursive ?? true);
    }

    /// <summary>The key in <see cref="SubmitBatchRequest.Passwords"/> whose password is tried on any encrypted input.</summary>
    public const string AnyInput = "*";

    /// <summary>The request's passwords, each input's own before those for any input (the order they are tried in).</summary>
    public static IReadOnlyList<Infrastructure.Passwords.BatchPassword> Passwords(SubmitBatchRequest request) =>
        (request.Passwords ?? new Dictionary<string, string>())
            .OrderBy(p => p.Key == AnyInput)
            .Select(p => new Infrastructure.Passwords.BatchPassword(p.Key == AnyInput ? null : p.Key, p.Value))
            .ToList();

    /// <summary>Why a key or prefix is refused: it would name something outside its bucket or prefix.</summary>
    public static string? KeyRefusal(string key) =>
        key.StartsWith('/') || key.StartsWith('\\') ? "a key or prefix cannot start with '/'."
        : key.Split('/', '\\').Any(segment => segment is "." or "..") ? "a key or prefix cannot have a '.' or '..' segment."
        : null;

    public static bool TryParseMode(string value, out ProcessingMode mode) =>
        Enum.TryParse(value, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _);

    /// <summary>Output keys are the prefix followed by names: "ocr" would give "ocrreport.txt", so a slash is added.</summary>
    public static string AsFolder(string? prefix) =>
        string.IsNullOrEmpty(prefix) || prefix.EndsWith('/') ? prefix ?? "" : prefix + "/";
}
