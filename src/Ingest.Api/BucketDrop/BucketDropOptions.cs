namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>
/// The bucket drop's settings (<c>Fleet:BucketDrop</c>): the SQS queue S3 announces new objects on, and the rules
/// that turn a bucket's (and prefix's) new PDFs into batches. Checked at start-up by <see cref="BucketDropOptionsValidation"/>.
/// </summary>
public sealed class BucketDropOptions
{
    public const string Section = "Fleet:BucketDrop";

    public SqsQueueOptions Sqs { get; set; } = new();

    /// <summary>How long a rule's batch stays open for more keys after its first one arrived (each rule may say otherwise).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keys a batch holds at most: a full batch is submitted at once, before its window ends.</summary>
    public int MaxKeys { get; set; } = 1000;

    /// <summary>Which bucket (and prefix) goes where, as whose batches. An object matched by none is left alone.</summary>
    public List<BucketDropRule> Rules { get; set; } = [];

    /// <summary>
    /// For the crash tests only: the listener ends the process (no shutdown, as <c>kill -9</c> would) after it has
    /// submitted a batch holding a key that contains this text and before it deletes the batch's messages.
    /// </summary>
    public string? CrashBeforeDeleteOnKeyContaining { get; set; }

    public BucketDropRule? RuleFor(string bucket, string key) => Rules.FirstOrDefault(r => r.Matches(bucket, key));
}

/// <summary>The queue and how it is read. Credentials and region fall back to the AWS SDK's own (<c>AWS_*</c> environment, instance role).</summary>
public sealed class SqsQueueOptions
{
    /// <summary>The queue's URL, e.g. <c>https://sqs.eu-west-1.amazonaws.com/123456789012/fleet-intake</c>.</summary>
    public string? QueueUrl { get; set; }

    /// <summary>Another SQS endpoint than AWS's (a local SQS server); blank on AWS.</summary>
    public string? ServiceUrl { get; set; }

    public string? Region { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>How long a received message stays hidden from other readers; kept hidden for as long as its batch is open.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Long polling: how long one receive waits for a message (1-20 s).</summary>
    public int WaitTimeSeconds { get; set; } = 20;
}

/// <summary>New PDFs under <see cref="Prefix"/> of <see cref="Bucket"/> become batches of <see cref="Tenant"/> into <see cref="OutputBucket"/>.</summary>
public sealed class BucketDropRule
{
    public string Bucket { get; set; } = "";

    /// <summary>Only keys under it; empty: the whole bucket. Outputs are named relative to it, as for <c>POST /batches</c>.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Whose batches they are: the tenant's buckets, limits and idempotency keys apply (<c>Fleet:Api:Tenants</c>).</summary>
    public string Tenant { get; set; } = Access.ConfiguredApiKeys.DefaultTenant;

    public string OutputBucket { get; set; } = "";

    public string OutputPrefix { get; set; } = "";

    /// <summary>The batches' tag, as <c>GET /batches?tag=</c> filters on.</summary>
    public string Tag { get; set; } = "bucket-drop";

    public string Mode { get; set; } = "auto";

    public int Dpi { get; set; } = 300;

    public int ChunkPages { get; set; } = 8;

    /// <summary>This rule's own window; unset: <see cref="BucketDropOptions.Window"/>.</summary>
    public TimeSpan? Window { get; set; }

    /// <summary>This rule's own largest batch; unset: <see cref="BucketDropOptions.MaxKeys"/>.</summary>
    public int? MaxKeys { get; set; }

    public bool Matches(string bucket, string key) => bucket == Bucket && key.StartsWith(Prefix, StringComparison.Ordinal);
}
