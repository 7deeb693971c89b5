using Fleet.Ingest.Api.Batches;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>One line per bad setting, named by its configuration key; a rule its tenant could not submit is refused here.</summary>
public sealed class BucketDropOptionsValidation(IOptions<IngestApiOptions> api) : IValidateOptions<BucketDropOptions>
{
    private const string S = BucketDropOptions.Section;

    public ValidateOptionsResult Validate(string? name, BucketDropOptions options)
    {
        var errors = new List<string>();
        var sqs = options.Sqs;
        if (!Uri.TryCreate(sqs.QueueUrl, UriKind.Absolute, out var queue) || queue.Scheme is not ("http" or "https"))
            errors.Add($"{S}:Sqs:QueueUrl is '{sqs.QueueUrl}'; it is the queue's http(s) URL (./fleet services env exports the local one).");
        if (sqs.ServiceUrl is { Length: > 0 } service && !Uri.TryCreate(service, UriKind.Absolute, out _))
            errors.Add($"{S}:Sqs:ServiceUrl is '{service}'; it is an absolute URL, or blank on AWS.");
        if (sqs.VisibilityTimeout < TimeSpan.FromSeconds(10) || sqs.VisibilityTimeout > TimeSpan.FromHours(12))
            errors.Add($"{S}:Sqs:VisibilityTimeout is {sqs.VisibilityTimeout}; it is between 00:00:10 and 12:00:00.");
        if (sqs.WaitTimeSeconds is < 1 or > 20)
            errors.Add($"{S}:Sqs:WaitTimeSeconds is {sqs.WaitTimeSeconds}; it is 1-20.");
        Window(errors, $"{S}:Window", options.Window);
        MaxKeys(errors, $"{S}:MaxKeys", options.MaxKeys);
        if (options.Rules.Count == 0)
            errors.Add($"{S}:Rules is empty; name at least one bucket ({S}:Rules:0:Bucket, {S}:Rules:0:OutputBucket).");

        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var at = $"{S}:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Bucket))
                errors.Add($"{at}:Bucket is empty; it names the bucket whose new PDFs this rule submits.");
            if (string.IsNullOrWhiteSpace(rule.OutputBucket))
                errors.Add($"{at}:OutputBucket is empty; it names where the results go.");
            if (SubmitBatchValidation.KeyRefusal(rule.Prefix) is { } prefixRefusal)
                errors.Add($"{at}:Prefix '{rule.Prefix}': {prefixRefusal}");
            if (SubmitBatchValidation.KeyRefusal(rule.OutputPrefix) is { } outputRefusal)
                errors.Add($"{at}:OutputPrefix '{rule.OutputPrefix}': {outputRefusal}");
            if (!SubmitBatchValidation.TryParseMode(rule.Mode, out _))
                errors.Add($"{at}:Mode is '{rule.Mode}'; it is auto, text or ocr.");
            if (rule.Dpi is < 72 or > 600)
                errors.Add($"{at}:Dpi is {rule.Dpi}; it is 72-600.");
            if (rule.ChunkPages is < 1 or > 1000)
                errors.Add($"{at}:ChunkPages is {rule.ChunkPages}; it is 1-1000.");
            if (rule.Tag is not { Length: > 0 and <= SubmitBatchValidation.MaxTagLength })
                errors.Add($"{at}:Tag has 1 to {SubmitBatchValidation.MaxTagLength} characters.");
            if (string.IsNullOrWhiteSpace(rule.Tenant))
                errors.Add($"{at}:Tenant is empty.");
            if (rule.Window is { } window)
                Window(errors, $"{at}:Window", window);
            if (rule.MaxKeys is { } maxKeys)
                MaxKeys(errors, $"{at}:MaxKeys", maxKeys);

            var tenant = api.Value.Tenant(rule.Tenant);
            if (rule.Bucket.Length > 0 && !tenant.MayUse(rule.Bucket, rule.Prefix))
                errors.Add($"{at}: tenant '{rule.Tenant}' may not read '{rule.Prefix}' in bucket '{rule.Bucket}' ({IngestApiOptions.Section}:Tenants:{rule.Tenant}:Buckets).");
            var output = SubmitBatchValidation.AsFolder(rule.OutputPrefix);
            if (rule.OutputBucket.Length > 0 && !tenant.MayUse(rule.OutputBucket, output))
                errors.Add($"{at}: tenant '{rule.Tenant}' may not write '{output}' in bucket '{rule.OutputBucket}' ({IngestApiOptions.Section}:Tenants:{rule.Tenant}:Buckets).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Window(List<string> errors, string key, TimeSpan window)
    {
        if (window < TimeSpan.FromSeconds(1) || window > TimeSpan.FromMinutes(15))
            errors.Add($"{key} is {window}; it is between 00:00:01 and 00:15:00.");
    }

    private void MaxKeys(List<string> errors, string key, int maxKeys)
    {
        var limit = api.Value.Limits.MaxKeysPerBatch;
        if (maxKeys < 1 || maxKeys > limit)
            errors.Add($"{key} is {maxKeys}; it is 1 to {IngestApiOptions.Section}:Limits:MaxKeysPerBatch ({limit}).");
    }
}
