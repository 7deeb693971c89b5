using System.Text;
using Fleet.Infrastructure.Storage;

namespace Fleet.Tests.Storage;

public sealed class LocalFolderObjectStoreTests
{
    private readonly LocalFolderObjectStore store = new();
    private DirectoryInfo bucket = null!;

    [SetUp]
    public void CreateBucket() => bucket = Directory.CreateTempSubdirectory("fleet-bucket-");

    [TearDown]
    public void RemoveBucket() => bucket.Delete(recursive: true);

    [Test]
    public async Task Written_bytes_read_back_identical_and_leave_no_temporary_files()
    {
        var content = Encoding.UTF8.GetBytes("page one\fpage two\n");

        var recorded = await store.WriteRecordedAsync(bucket.FullName, "out/sub/doc.txt", content, "text/plain");

        Assert.That(await store.ReadAllBytesAsync(bucket.FullName, "out/sub/doc.txt"), Is.EqualTo(content));
        Assert.That(recorded.Sha256, Is.EqualTo(ObjectStoreExtensions.Sha256Hex(content)));
        Assert.That(bucket.GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name), Is.EqualTo(new[] { "doc.txt" }));
    }

    [Test]
    public async Task Listing_honours_the_prefix_and_recursion_in_key_order()
    {
        foreach (var key in new[] { "b.pdf", "a.pdf", "sub/c.pdf", "subway.pdf" })
            await store.WriteAsync(bucket.FullName, key, new byte[] { 1 }, "application/pdf");

        Assert.That(await Keys("", recursive: false), Is.EqualTo(new[] { "a.pdf", "b.pdf", "subway.pdf" }));
        Assert.That(await Keys("", recursive: true), Is.EqualTo(new[] { "a.pdf", "b.pdf", "sub/c.pdf", "subway.pdf" }));
        Assert.That(await Keys("sub/", recursive: true), Is.EqualTo(new[] { "sub/c.pdf" }));
        Assert.That(await Keys("sub", recursive: false), Is.EqualTo(new[] { "subway.pdf" }));
    }

    [Test]
    public void A_key_cannot_escape_its_bucket() =>
        Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(bucket.FullName, "../escape.txt", new byte[] { 1 }, "text/plain"));

    [Test]
    public async Task A_missing_object_is_not_found()
    {
        Assert.That(await store.FindAsync(bucket.FullName, "nope.pdf"), Is.Null);
        Assert.ThrowsAsync<ObjectNotFoundException>(() => store.ReadAllBytesAsync(bucket.FullName, "nope.pdf"));
    }

    [Test]
    public async Task A_stream_is_written_whole_through_a_temporary_file_and_reads_back_identical()
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);

        await store.WriteAsync(bucket.FullName, "in/doc.pdf", new MemoryStream(content), "application/pdf");

        await using var read = await store.OpenReadAsync(bucket.FullName, "in/doc.pdf");
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(content));
        Assert.That(bucket.GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name), Is.EqualTo(new[] { "doc.pdf" }));
    }

    [Test]
    public async Task A_stream_that_fails_midway_leaves_the_old_object_in_place()
    {
        await store.WriteAsync(bucket.FullName, "doc.pdf", "old"u8.ToArray(), "application/pdf");

        Assert.ThrowsAsync<IOException>(() => store.WriteAsync(bucket.FullName, "doc.pdf", new FailingStream(), "application/pdf"));

        Assert.That(await store.ReadAllBytesAsync(bucket.FullName, "doc.pdf"), Is.EqualTo("old"u8.ToArray()));
        Assert.That(bucket.GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name), Is.EqualTo(new[] { "doc.pdf" }));
    }

    [Test]
    public async Task A_replaced_object_gets_a_new_etag_and_reading_the_old_one_fails_clearly()
    {
        await store.WriteAsync(bucket.FullName, "doc.pdf", "first"u8.ToArray(), "application/pdf");
        var first = await store.FindAsync(bucket.FullName, "doc.pdf");
        await store.WriteAsync(bucket.FullName, "doc.pdf", "second"u8.ToArray(), "application/pdf");
        var second = await store.FindAsync(bucket.FullName, "doc.pdf");

        Assert.That(first!.ETag, Is.Not.Null);
        Assert.That(second!.ETag, Is.Not.EqualTo(first.ETag));
        Assert.That(() => store.OpenReadAsync(bucket.FullName, "doc.pdf", first.ETag),
            Throws.TypeOf<ObjectChangedException>().With.Message.StartWith("input 'doc.pdf' was replaced since it was inspected"));
        await using var current = await store.OpenReadAsync(bucket.FullName, "doc.pdf", second.ETag);
        Assert.That(current.Length, Is.EqualTo(6));
    }

    [Test]
    public async Task An_untouched_object_keeps_its_etag_and_listing_gives_the_same_one()
    {
        await store.WriteAsync(bucket.FullName, "doc.pdf", "same"u8.ToArray(), "application/pdf");

        var found = await store.FindAsync(bucket.FullName, "doc.pdf");
        var listed = new List<StoredObject>();
        await foreach (var item in store.ListAsync(bucket.FullName, "", recursive: true))
            listed.Add(item);

        Assert.That(await store.FindAsync(bucket.FullName, "doc.pdf"), Is.EqualTo(found));
        Assert.That(listed, Is.EqualTo(new[] { found }));
    }

    [Test]
    public void Opening_a_missing_object_is_not_found() =>
        Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(bucket.FullName, "nope.pdf"));

    private async Task<List<string>> Keys(string prefix, bool recursive)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(bucket.FullName, prefix, recursive))
            keys.Add(item.Key);
        return keys;
    }

    /// <summary>A source that breaks after a first read, like a dropped download.</summary>
    private sealed class FailingStream : MemoryStream
    {
        private bool readOnce;

        public FailingStream() : base(new byte[1000])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (readOnce)
                throw new IOException("connection reset");
            readOnce = true;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
