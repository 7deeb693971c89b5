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

    private async Task<List<string>> Keys(string prefix, bool recursive)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(bucket.FullName, prefix, recursive))
            keys.Add(item.Key);
        return keys;
    }
}
