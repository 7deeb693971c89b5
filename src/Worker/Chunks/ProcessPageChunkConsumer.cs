using Fleet.Worker.Documents;
using System.Diagnostics;
using Fleet.Engine.Pdf;
using Fleet.Infrastructure.Passwords;
using Fleet.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Stages = Fleet.Infrastructure.Telemetry.FleetMetrics.Stages;

namespace Fleet.Worker.Chunks;

/// <summary>
/// Processes one page chunk and writes its result to the output bucket (claim check: the message carries the key, not
/// the text). The input (a PDF or an image) is read from the worker's local copy (<see cref="DocumentCache"/>), of the version inspected when
/// the message names one. Idempotent: a redelivered chunk rewrites the same object and the document saga counts it once.
/// </summary>
public sealed partial class ProcessPageChunkConsumer(IObjectStore store, DocumentCache documents, PageChunkProcessor processor,
    IBatchPasswords passwords, FleetMetrics metrics, ILogger<ProcessPageChunkConsumer> logger) : IConsumer<ProcessPageChunk>
{
    public async Task Consume(ConsumeContext<ProcessPageChunk> context)
    {
        var chunk = context.Message;
        using var inFlight = metrics.ChunkInFlight();
        LogStarted(chunk.BatchId, chunk.DocumentId, chunk.ChunkIndex, chunk.Key, chunk.FirstPage, chunk.FirstPage + chunk.PageCount - 1);
        CachedDocument copy;
        var downloading = Stopwatch.GetTimestamp();
        try
        {
            copy = await documents.AcquireAsync(chunk.InputBucket, chunk.Key, chunk.ETag, context.CancellationToken);
        }
        catch (ObjectChangedException e)
        {
            // The inspected version is gone: its pages cannot be read any more, and a retry would not bring them back.
            await Fail(context, e.Message);
            return;
        }
        catch (ObjectNotFoundException) when (chunk.ETag is not null)
        {
            await Fail(context, $"input '{chunk.Key}' was removed since it was inspected (bucket '{chunk.InputBucket}')");
            return;
        }
        var downloadMs = Stopwatch.GetElapsedTime(downloading).TotalMilliseconds;
        metrics.Stage(Stages.Download, downloadMs);

        ProcessedChunk processed;
        try
        {
            using (copy)
            {
                processed = await passwords.WithPasswordsAsync(chunk.BatchId, chunk.Key,
                    given => processor.ProcessFile(copy.Path, chunk, given, context.CancellationToken), context.CancellationToken);
            }
        }
        catch (PdfRejectedException e)
        {
            // Bad input does not get better on retry.
            await Fail(context, $"pages {chunk.FirstPage}-{chunk.FirstPage + chunk.PageCount - 1}: {e.Message}");
            return;
        }
        catch (PageTimeoutException e)
        {
            // A page that overran its budget would overrun it again: fail the document now instead of retrying.
            await Fail(context, e.Message);
            return;
        }

        var uploading = Stopwatch.GetTimestamp();
        await store.WriteAsync(chunk.OutputBucket, chunk.ChunkKey, ResultJson.SerializeCompact(processed.Result), "application/json", context.CancellationToken);
        var uploadMs = Stopwatch.GetElapsedTime(uploading).TotalMilliseconds;
        metrics.Stage(Stages.Upload, uploadMs);
        // The chunk's measured seconds travel with its answer: the document sums them, the manifest's cost the batch's.
        await context.Publish(new PageChunkProcessed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, chunk.ChunkKey,
            processed.Pages, processed.Timings with { DownloadMs = downloadMs, UploadMs = uploadMs }, processed.Result.Engines));
        metrics.PagesRead(processed);
    }

    private async Task Fail(ConsumeContext<ProcessPageChunk> context, string reason)
    {
        var chunk = context.Message;
        LogFailed(chunk.BatchId, chunk.DocumentId, chunk.ChunkIndex, reason);
        await context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, reason));
        metrics.PagesFailed(chunk);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk failed: batch {BatchId}, document {DocumentId}, chunk {ChunkIndex}: {Reason}")]
    private partial void LogFailed(Guid batchId, Guid documentId, int chunkIndex, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Chunk started: batch {BatchId}, document {DocumentId}, chunk {ChunkIndex} ({Key}, pages {FirstPage}-{LastPage})")]
    private partial void LogStarted(Guid batchId, Guid documentId, int chunkIndex, string key, int firstPage, int lastPage);
}
