using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Ingest.Api.Batches;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Callbacks;

/// <summary>
/// When a batch ends (completed, cancelled, failed or rejected) its tenant stops counting it against the
/// concurrent-batch limit, and when it was submitted with a <c>callbackUrl</c>, its final status is POSTed there,
/// signed (<see cref="CallbackSignature"/>), tried with doubling waits, each try recorded in the batch's status.
/// </summary>
public sealed class BatchEndedConsumer(
    ISubmissions submissions, IBatchStatusReader statuses, IHttpClientFactory http, IOptions<IngestApiOptions> options,
    TimeProvider clock, ILogger<BatchEndedConsumer> logger)
    : IConsumer<BatchCompleted>, IConsumer<BatchFailed>, IConsumer<BatchRejected>
{
    public const string HttpClientName = "fleet-callbacks";

    public Task Consume(ConsumeContext<BatchCompleted> context)
    {
        var m = context.Message;
        var status = new BatchStatus(m.BatchId, m.State, m.Succeeded + m.Failed + m.Cancelled, m.Succeeded + m.Failed + m.Cancelled,
            m.Failed, m.ManifestKey, m.OutputBucket, null, m.Cancelled);
        return Ended(status, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<BatchFailed> context) =>
        await Ended(await Final(context.Message.BatchId, BatchStates.Failed, context.Message.Reason, context.CancellationToken), context.CancellationToken);

    public async Task Consume(ConsumeContext<BatchRejected> context) =>
        await Ended(await Final(context.Message.BatchId, BatchStates.Rejected, context.Message.Reason, context.CancellationToken), context.CancellationToken);

    /// <summary>The saga may not have recorded the end yet when its event arrives here: the event's state wins.</summary>
    private async Task<BatchStatus> Final(Guid batchId, string state, string reason, CancellationToken cancellationToken) =>
        (await statuses.FindAsync(batchId, cancellationToken) ?? new BatchStatus(batchId, state, 0, 0, 0, null)) with { State = state, Reason = reason };

    private async Task Ended(BatchStatus status, CancellationToken cancellationToken)
    {
        if (await submissions.FindAsync(status.BatchId, cancellationToken) is not { } submission)
            return;
        await submissions.EndAsync(status.BatchId, cancellationToken);
        if (submission.CallbackUrl is not { } url || submission.Callback is { State: not CallbackDelivery.Pending })
            return;
        if (options.Value.Tenant(submission.Tenant).CallbackSecret is not { Length: > 0 } secret)
        {
            await submissions.RecordCallbackAsync(status.BatchId, new CallbackDelivery(CallbackDelivery.Failed, 0, null,
                "no callback secret is configured for the tenant", null), cancellationToken);
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(BatchStatusResponse.From(status, submission) with { Callback = null }, ResultJson.Options);
        var settings = options.Value.Callbacks;
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (code, error) = await Post(url, secret, body, settings.Timeout, cancellationToken);
            var delivered = code is >= 200 and < 300;
            var state = delivered ? CallbackDelivery.Delivered : attempt >= settings.Attempts ? CallbackDelivery.Failed : CallbackDelivery.Pending;
            await submissions.RecordCallbackAsync(status.BatchId,
                new CallbackDelivery(state, attempt, code, error, delivered ? clock.GetUtcNow() : null), cancellationToken);
            if (state != CallbackDelivery.Pending)
            {
                if (!delivered)
                    logger.LogWarning("Callback of batch {BatchId} to {Url} failed after {Attempts} tries: {Error}", status.BatchId, url, attempt, error ?? $"HTTP {code}");
                return;
            }
            await Task.Delay(delay, clock, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<(int? Code, string? Error)> Post(string url, string secret, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallbackSignature.Header, CallbackSignature.Sign(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeoutSource.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, e is OperationCanceledException ? $"no answer within {timeout}" : e.Message);
        }
    }
}
