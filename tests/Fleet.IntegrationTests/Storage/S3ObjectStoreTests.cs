using System.Security.Cryptography;
using System.Text;
using Fleet.Infrastructure.Storage;
using Fleet.Infrastructure.Storage.S3;

namespace Fleet.IntegrationTests.Storage;

/// <summary>The S3 store against a real S3 server (s3rver): bytes intact, listing, versions, errors.</summary>
public sealed class S3ObjectStoreTests
{
    private S3ObjectStore store = null!;
    private string bucket = null!;

    [OneTimeSetUp]
    public async Task CreateBucket()
    {
        store = S3Server.Store(S3Server.Options());
        bucket = await S3Server.CreateBucket("store");
    }

    [OneTimeTearDown]
    public Task RemoveBucket() => S3Server.DeleteBucket(bucket);

    // SDK 4's default aws-chunked framing would be stored as content by s3rver; equal hashes prove it is off.
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1024 * 1024)]
    public async Task Written_bytes_read_back_with_the_same_sha256(int size)
    {
        var content = RandomBytes(size, seed: size);
        var key = $"round-trip/{size}.bin";

        await store.WriteAsync(bucket, key, content, "application/octet-stream");

        Assert.That(Sha256(await store.ReadAllBytesAsync(bucket, key)), Is.EqualTo(Sha256(content)));
        await using var stream = await store.OpenReadAsync(bucket, key);
        Assert.That(Sha256(await ReadToEnd(stream)), Is.EqualTo(Sha256(content)));
        Assert.That((await store.FindAsync(bucket, key))?.Size, Is.EqualTo(size));
    }

    [Test]
    public async Task A_40_MB_stream_goes_up_in_parts_and_reads_back_intact()
    {
        var content = RandomBytes(40 * 1024 * 1024, seed: 40);
        using var source = new NonSeekableStream(content);
        // Only watching, no faults: s3rver's multipart ETag is a plain md5, so the requests show the parts.
        var watch = new FaultInjection(0, FaultInjection.SlowDown);

        await S3Server.Store(S3Server.Options(), watch).WriteAsync(bucket, "big/40mb.bin", source, "application/pdf");

        // 16 + 16 + 8 MiB.
        Assert.That(watch.RequestLines.Select(line => line.Split('&')[0]), Is.EqualTo(new[]
        {
            "POST ?uploads", "PUT ?partNumber=1", "PUT ?partNumber=2", "PUT ?partNumber=3", "POST ?uploadId=",
        }).Using<string, string>((actual, expected) => actual.StartsWith(expected, StringComparison.Ordinal)));
        var found = await store.FindAsync(bucket, "big/40mb.bin");
        Assert.That(found?.Size, Is.EqualTo(content.Length));
        await using var stream = await store.OpenReadAsync(bucket, "big/40mb.bin", found!.ETag);
        Assert.That(Sha256(await ReadToEnd(stream)), Is.EqualTo(Sha256(content)));
    }

    [Test]
    public async Task A_small_stream_is_written_in_one_request_and_reads_back_intact()
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 small");
        using var source = new NonSeekableStream(content);
        var watch = new FaultInjection(0, FaultInjection.SlowDown);

        await S3Server.Store(S3Server.Options(), watch).WriteAsync(bucket, "small/stream.pdf", source, "application/pdf");

        Assert.That(watch.RequestLines, Is.EqualTo(new[] { "PUT " }));
        Assert.That(await store.ReadAllBytesAsync(bucket, "small/stream.pdf"), Is.EqualTo(content));
    }

    [Test]
    public async Task Listing_pages_through_more_than_a_thousand_keys_in_key_order_with_prefix_and_recursion()
    {
        var keys = Enumerable.Range(0, 1100).Select(i => $"many/{i:0000}.pdf").ToList();
        await Parallel.ForEachAsync(keys.Append("many/sub/deep.pdf").Append("manyother.pdf"), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, ct) => await store.WriteAsync(bucket, key, new byte[] { 1 }, "application/pdf", ct));

        var direct = await Keys("many/", recursive: false);
        var recursive = await Keys("many/", recursive: true);
        var narrowed = await Keys("many/10", recursive: false);

        Assert.That(direct, Is.EqualTo(keys));
        Assert.That(recursive, Is.EqualTo(keys.Append("many/sub/deep.pdf")));
        Assert.That(narrowed, Is.EqualTo(keys.Where(k => k.StartsWith("many/10", StringComparison.Ordinal))));
        Assert.That(narrowed, Has.Count.EqualTo(100));
        Assert.That(await Keys("many", recursive: false), Is.EqualTo(new[] { "manyother.pdf" }));
    }

    [Test]
    public async Task Listed_objects_carry_size_and_etag()
    {
        await store.WriteAsync(bucket, "listed/a.pdf", new byte[] { 1, 2, 3 }, "application/pdf");

        var listed = new List<StoredObject>();
        await foreach (var item in store.ListAsync(bucket, "listed/", recursive: true))
            listed.Add(item);

        Assert.That(listed, Is.EqualTo(new[] { await store.FindAsync(bucket, "listed/a.pdf") }));
        Assert.That(listed[0].Size, Is.EqualTo(3));
    }

    [Test]
    public async Task A_missing_key_is_not_found()
    {
        Assert.That(await store.FindAsync(bucket, "nope.pdf"), Is.Null);
        Assert.ThrowsAsync<ObjectNotFoundException>(() => store.ReadAllBytesAsync(bucket, "nope.pdf"));
        Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(bucket, "nope.pdf"));
        Assert.That(await store.OpenCurrentAsync(bucket, "nope.pdf"), Is.Null);
    }

    [Test]
    public async Task Opening_the_current_version_says_what_a_lookup_says_and_reads_its_bytes()
    {
        var content = RandomBytes(300_000, seed: 7);
        await store.WriteAsync(bucket, "current/doc.pdf", content, "application/pdf");

        await using var opened = await store.OpenCurrentAsync(bucket, "current/doc.pdf");

        Assert.That(opened!.Object, Is.EqualTo(await store.FindAsync(bucket, "current/doc.pdf")));
        Assert.That(Sha256(await ReadToEnd(opened.Content)), Is.EqualTo(Sha256(content)));
    }

    [Test]
    public async Task A_deleted_object_is_gone_and_deleting_it_again_is_no_error()
    {
        await store.WriteAsync(bucket, "delete/chunk.json", "{}"u8.ToArray(), "application/json");
        await store.WriteAsync(bucket, "delete/kept.json", "{}"u8.ToArray(), "application/json");

        await store.DeleteAsync(bucket, "delete/chunk.json");
        await store.DeleteAsync(bucket, "delete/chunk.json");

        Assert.That(await store.FindAsync(bucket, "delete/chunk.json"), Is.Null);
        Assert.That(await store.FindAsync(bucket, "delete/kept.json"), Is.Not.Null);
    }

    [Test]
    public void A_missing_bucket_is_named_in_the_error()
    {
        var missing = $"fleet-missing-{Guid.NewGuid():N}";

        Assert.That(() => store.FindAsync(missing, "a.pdf"),
            Throws.TypeOf<ObjectStoreException>().With.Message.EqualTo($"bucket '{missing}' does not exist (HEAD 'a.pdf')"));
        Assert.That(() => store.ReadAllBytesAsync(missing, "a.pdf"),
            Throws.TypeOf<ObjectStoreException>().With.Message.EqualTo($"bucket '{missing}' does not exist (GET 'a.pdf')"));
        Assert.That(() => store.OpenCurrentAsync(missing, "a.pdf"),
            Throws.TypeOf<ObjectStoreException>().With.Message.EqualTo($"bucket '{missing}' does not exist (GET 'a.pdf')"));
    }

    [Test]
    public void Wrong_credentials_are_access_denied_naming_bucket_and_key()
    {
        var options = S3Server.Options();
        options.AccessKeyId = "NOT-A-KEY";
        var denied = S3Server.Store(options);

        Assert.That(() => denied.ReadAllBytesAsync(bucket, "secret.pdf"),
            Throws.TypeOf<ObjectStoreException>().With.Message.StartWith($"access denied to 'secret.pdf' in bucket '{bucket}'"));
    }

    [Test]
    public async Task A_replaced_object_gets_a_new_etag_and_the_old_one_no_longer_reads()
    {
        await store.WriteAsync(bucket, "versions/doc.pdf", Encoding.UTF8.GetBytes("first version"), "application/pdf");
        var first = await store.FindAsync(bucket, "versions/doc.pdf");
        await store.WriteAsync(bucket, "versions/doc.pdf", Encoding.UTF8.GetBytes("second version"), "application/pdf");
        var second = await store.FindAsync(bucket, "versions/doc.pdf");

        Assert.That(second!.ETag, Is.Not.EqualTo(first!.ETag));
        Assert.That(() => store.OpenReadAsync(bucket, "versions/doc.pdf", first.ETag),
            Throws.TypeOf<ObjectChangedException>().With.Message.StartWith("input 'versions/doc.pdf' was replaced since it was inspected"));
        await using var current = await store.OpenReadAsync(bucket, "versions/doc.pdf", second.ETag);
        Assert.That(Encoding.UTF8.GetString(await ReadToEnd(current)), Is.EqualTo("second version"));
    }

    private async Task<List<string>> Keys(string prefix, bool recursive)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(bucket, prefix, recursive))
            keys.Add(item.Key);
        return keys;
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    internal static async Task<byte[]> ReadToEnd(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>A stream that only reads forward, as a network body does: the store cannot learn its length up front.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
