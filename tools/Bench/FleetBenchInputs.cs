using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Bench;

/// <summary>
/// The inputs of one benchmark batch: <c>documents</c> distinct text-layer PDFs in a local folder (for the embedded
/// run) and in a fresh input bucket beside a fresh output bucket (for the distributed one). Neither write is timed.
/// </summary>
public sealed class FleetBenchInputs(string folder, string inputBucket, string outputBucket, int documents, int pages, AmazonS3Client client) : IDisposable
{
    private const int UploadParallelism = 16;

    public int Documents { get; } = documents;

    public int Pages { get; } = pages;

    public string Folder { get; } = folder;

    public string InputBucket { get; } = inputBucket;

    public string OutputBucket { get; } = outputBucket;

    /// <summary>
    /// <paramref name="documents"/> PDFs whose text is made from their numbers, <paramref name="firstNumber"/> on:
    /// inputs with other numbers have other bytes.
    /// </summary>
    public static async Task<FleetBenchInputs> CreateAsync(int documents, int pages, int firstNumber, string workDirectory,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(workDirectory, $"in-{documents}x{pages}-from-{firstNumber}");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        Parallel.For(0, documents, i => File.WriteAllBytes(Path.Combine(folder, Key(i)), TextPdfWriter.Write(firstNumber + i, pages)));

        var options = new S3StorageOptions().WithEnvironment(name => environment.GetValueOrDefault(name));
        var client = S3ClientBuilder.Build(options);
        var stem = $"bench-{Guid.NewGuid().ToString("N")[..10]}";
        var inputs = new FleetBenchInputs(folder, stem + "-in", stem + "-out", documents, pages, client);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = inputs.InputBucket }, cancellationToken);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = inputs.OutputBucket }, cancellationToken);

        var store = new S3ObjectStore(client, options, NullLogger<S3ObjectStore>.Instance);
        var uploaded = 0;
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        await Parallel.ForEachAsync(Enumerable.Range(0, documents), new ParallelOptions { MaxDegreeOfParallelism = UploadParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                await store.WriteAsync(inputs.InputBucket, Key(i), await File.ReadAllBytesAsync(Path.Combine(folder, Key(i)), ct), "application/pdf", ct);
                var done = Interlocked.Increment(ref uploaded);
                if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastReport)).TotalSeconds >= 5 && done < documents)
                {
                    Interlocked.Exchange(ref lastReport, Stopwatch.GetTimestamp());
                    Console.WriteLine($"  uploaded {done}/{documents}");
                }
            });
        Console.WriteLine($"  {documents} PDFs of {pages} page(s) in {folder} and s3://{inputs.InputBucket} ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s to upload)");
        return inputs;
    }

    public static string Key(int document) => $"doc-{document:D6}.pdf";

    /// <summary>Removes the local inputs and both buckets with what they hold; a failure only warns (the data is the bench's own).</summary>
    public async Task DeleteAsync()
    {
        Directory.Delete(Folder, recursive: true);
        foreach (var bucket in new[] { InputBucket, OutputBucket })
        {
            try
            {
                // Deleting what the first page lists until nothing is left needs no continuation token.
                while ((await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects is { Count: > 0 } objects)
                {
                    await client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    });
                }
                await client.DeleteBucketAsync(bucket);
            }
            catch (AmazonS3Exception e)
            {
                Console.WriteLine($"  warning: bucket {bucket} was emptied but not deleted ({e.Message}); s3rver fails to delete a bucket that held nested keys");
            }
        }
    }

    public void Dispose() => client.Dispose();
}
