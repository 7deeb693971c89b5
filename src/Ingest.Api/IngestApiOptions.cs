using System.ComponentModel.DataAnnotations;
using Fleet.Ingest.Api.Access;
using ValidationResult = System.ComponentModel.DataAnnotations.ValidationResult;

namespace Fleet.Ingest.Api;

/// <summary>The api role's settings (<c>Fleet:Api</c>); keys are read by <see cref="ConfiguredApiKeys"/>.</summary>
public sealed class IngestApiOptions : IValidatableObject
{
    public const string Section = "Fleet:Api";

    /// <summary>
    /// The bucket the readiness check probes (a folder in the embedded mode, a bucket with S3); unset, the
    /// <see cref="UploadBucket"/>, which the API writes to anyway.
    /// </summary>
    public string? ReadinessBucket { get; set; }

    /// <summary>
    /// Where <c>POST /documents</c> streams uploaded PDFs (<c>uploads/&lt;batchId&gt;/</c>) and writes their results
    /// (<c>results/&lt;batchId&gt;/</c>): a folder in the embedded mode, a bucket with S3.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string UploadBucket { get; set; } = "fleet-uploads";

    /// <summary>Limits every tenant gets unless its own settings say otherwise.</summary>
    [Required]
    public ApiLimits Limits { get; set; } = new();

    /// <summary>Per tenant (the name a key's <c>Tenant</c> gives): buckets, callback secret, limits.</summary>
    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    [Required]
    public CallbackOptions Callbacks { get; set; } = new();

    /// <summary>The settings of <paramref name="tenant"/>; a tenant not configured gets none of its own.</summary>
    public TenantOptions Tenant(string tenant) => Tenants.GetValueOrDefault(tenant) ?? TenantOptions.Unconfigured;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Limits, new ValidationContext(Limits), results, validateAllProperties: true);
        Validator.TryValidateObject(Callbacks, new ValidationContext(Callbacks), results, validateAllProperties: true);
        foreach (var (name, tenant) in Tenants)
        {
            if (tenant.RequestsPerMinute is < 1)
                results.Add(new ValidationResult($"{Section}:Tenants:{name}:RequestsPerMinute is at least 1."));
            if (tenant.MaxConcurrentBatches is < 1)
                results.Add(new ValidationResult($"{Section}:Tenants:{name}:MaxConcurrentBatches is at least 1."));
            foreach (var bucket in tenant.Buckets.Where(b => string.IsNullOrWhiteSpace(b.Name)))
                results.Add(new ValidationResult($"{Section}:Tenants:{name}:Buckets has an entry without a Name."));
        }
        return results.Select(r => new ValidationResult($"{Section}: {r.ErrorMessage}"));
    }
}

public sealed class ApiLimits
{
    /// <summary>Keys one <c>POST /batches</c> may name (a prefix may list any number).</summary>
    [Range(1, 1_000_000)]
    public int MaxKeysPerBatch { get; set; } = 10_000;

    /// <summary>Largest JSON body (413 above it).</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest upload to <c>POST /documents</c> (413 above it).</summary>
    [Range(1024, 1L << 40)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Largest document for <c>POST /recognize</c> (413 above it).</summary>
    [Range(1024, 1L << 30)]
    public long MaxRecognizeBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most pages <c>POST /recognize</c> reads (422 above it: a longer document is a batch).</summary>
    [Range(1, 100)]
    public int MaxRecognizePages { get; set; } = 5;

    /// <summary>How long <c>POST /recognize</c> waits for a worker's answer before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RecognizeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> of that 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RecognizeRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests a tenant may make per minute (429 with Retry-After above it).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Batches of a tenant not ended yet; a submission past it is 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentBatches { get; set; } = 20;
}

public sealed class TenantOptions
{
    public static readonly TenantOptions Unconfigured = new();

    /// <summary>
    /// The buckets (and prefixes in them) this tenant may read and write. Empty: every bucket (a single-tenant
    /// server); with more than one tenant, name them.
    /// </summary>
    public List<BucketGrant> Buckets { get; set; } = [];

    /// <summary>The HMAC key completion callbacks are signed with; a batch with a <c>callbackUrl</c> needs one.</summary>
    public string? CallbackSecret { get; set; }

    public int? RequestsPerMinute { get; set; }

    public int? MaxConcurrentBatches { get; set; }

    /// <summary>True when the tenant may use <paramref name="key"/> (or the prefix <paramref name="key"/>) in <paramref name="bucket"/>.</summary>
    public bool MayUse(string bucket, string key) =>
        Buckets.Count == 0 || Buckets.Any(b => b.Name == bucket && key.StartsWith(b.Prefix ?? "", StringComparison.Ordinal));
}

/// <summary>A bucket a tenant may read and write, or only the keys under a prefix of it.</summary>
public sealed class BucketGrant
{
    /// <summary>A bucket name (a folder path in the embedded mode).</summary>
    public string Name { get; set; } = "";

    /// <summary>Only keys under it; empty or missing: the whole bucket.</summary>
    public string? Prefix { get; set; }
}

public sealed class CallbackOptions
{
    /// <summary>Tries per completion callback before it is recorded as failed.</summary>
    [Range(1, 20)]
    public int Attempts { get; set; } = 5;

    /// <summary>Wait before the second try; each later wait doubles.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
