using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Batches;

namespace Fleet.Tests.Orchestration;

/// <summary>Repeats within a batch are found by their bytes; the listing's sizes and content ETags spare the reads.</summary>
public sealed class SameContentFinderTests
{
    private const string Bucket = "in";

    [Test]
    public async Task Files_of_one_size_with_content_ETags_are_read_only_when_the_ETag_repeats()
    {
        // Four files of one size: three distinct, one a copy of the first, each listed with the MD5 ETag S3 gives.
        var bucket = new MemoryBucket();
        var inputs = new[] { "aaaa", "bbbb", "cccc", "aaaa" }
            .Select((text, i) => Put(bucket, $"{i}.pdf", text, MD5Tag(text)))
            .ToList();
        var finder = new SameContentFinder(bucket, Bucket, new OrchestratorOptions());

        var found = await FindAll(finder, inputs);

        Assert.That(found, Is.EqualTo(new Guid?[] { null, null, null, Id(0) }));
        Assert.That(bucket.Reads, Is.EqualTo(2), "only the repeated size and ETag is read (both files), to confirm by sha256");
    }

    [Test]
    public async Task Files_of_one_size_without_content_ETags_are_compared_by_their_bytes()
    {
        // The local folder store's ETags (length and write time) say nothing about content: same size means read.
        var bucket = new MemoryBucket();
        var inputs = new[] { "aaaa", "bbbb", "aaaa" }
            .Select((text, i) => Put(bucket, $"{i}.pdf", text, $"4-{i:x}"))
            .ToList();
        var finder = new SameContentFinder(bucket, Bucket, new OrchestratorOptions());

        var found = await FindAll(finder, inputs);

        Assert.That(found, Is.EqualTo(new Guid?[] { null, null, Id(0) }));
        Assert.That(bucket.Reads, Is.EqualTo(3));
    }

    [Test]
    public async Task The_same_ETag_over_other_bytes_is_not_taken_for_a_repeat()
    {
        // An ETag that only looks like an MD5 (SSE-KMS) may repeat for other bytes: the sha256 decides.
        var bucket = new MemoryBucket();
        var inputs = new[] { Put(bucket, "0.pdf", "aaaa", MD5Tag("x")), Put(bucket, "1.pdf", "bbbb", MD5Tag("x")) };
        var finder = new SameContentFinder(bucket, Bucket, new OrchestratorOptions());

        Assert.That(await FindAll(finder, inputs), Is.EqualTo(new Guid?[] { null, null }));
    }

    [TestCase("\"0cc175b9c0f1b6a831c399e269772661\"", "0cc175b9c0f1b6a831c399e269772661")]
    [TestCase("0CC175B9C0F1B6A831C399E269772661", "0cc175b9c0f1b6a831c399e269772661")]
    [TestCase("\"0cc175b9c0f1b6a831c399e269772661-3\"", null)]
    [TestCase("4-8dd2b3c1a2f0000", null)]
    [TestCase(null, null)]
    public void Only_a_single_part_MD5_ETag_counts_as_a_content_tag(string? eTag, string? expected) =>
        Assert.That(SameContentFinder.ContentTag(eTag), Is.EqualTo(expected));

    private static StoredObject Put(MemoryBucket bucket, string key, string text, string eTag)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        bucket.WriteAsync(Bucket, key, bytes, "application/pdf").GetAwaiter().GetResult();
        return new StoredObject(key, bytes.Length, eTag);
    }

    private static string MD5Tag(string text) =>
        $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(text)))}\"";

    private static Guid Id(int index) => new(index, 0, 0, new byte[8]);

    private static async Task<List<Guid?>> FindAll(SameContentFinder finder, IReadOnlyList<StoredObject> inputs)
    {
        var found = new List<Guid?>();
        for (var i = 0; i < inputs.Count; i++)
            found.Add(await finder.FirstWithSameContent(Id(i), inputs[i], CancellationToken.None));
        return found;
    }
}
