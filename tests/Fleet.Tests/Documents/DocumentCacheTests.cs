using System.Security.Cryptography;
using Fleet.Infrastructure.Storage;
using Fleet.Worker;
using Fleet.Worker.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Documents;

public sealed class DocumentCacheTests
{
    private DirectoryInfo bucket = null!;
    private DirectoryInfo cacheRoot = null!;
    private WatchedStore store = null!;

    [SetUp]
    public void CreateFolders()
    {
        bucket = Directory.CreateTempSubdirectory("fleet-inputs-");
        cacheRoot = Directory.CreateTempSubdirectory("fleet-cache-");
        store = new WatchedStore(new LocalFolderObjectStore());
    }

    [TearDown]
    public void RemoveFolders()
    {
        bucket.Delete(recursive: true);
        cacheRoot.Delete(recursive: true);
    }

    [Test]
    public async Task Two_chunks_of_one_document_asking_at_once_share_one_download()
    {
        var content = await Input("doc.pdf", 200_000);
        using var cache = Cache(budget: 10_000_000);
        store.Gate = new TaskCompletionSource();

        var first = cache.AcquireAsync(bucket.FullName, "doc.pdf", null, CancellationToken.None);
        var second = cache.AcquireAsync(bucket.FullName, "doc.pdf", null, CancellationToken.None);
        await store.Opened.Task;
        store.Gate.SetResult();
        using var a = await first;
        using var b = await second;
        using var later = await cache.AcquireAsync(bucket.FullName, "doc.pdf", a.ETag, CancellationToken.None);

        Assert.That(store.Downloads, Is.EqualTo(1));
        Assert.That(new[] { b.Path, later.Path }, Has.All.EqualTo(a.Path));
        Assert.That(File.ReadAllBytes(a.Path), Is.EqualTo(content));
        Assert.That(a.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(content))));
        Assert.That(a.Size, Is.EqualTo(content.Length));
    }

    [Test]
    public async Task Eviction_keeps_to_the_budget_least_recently_used_first_and_spares_copies_being_read()
    {
        foreach (var name in new[] { "a.pdf", "b.pdf", "c.pdf", "d.pdf" })
            await Input(name, 1000);
        using var cache = Cache(budget: 2500);

        using var a = await Acquire(cache, "a.pdf");
        string b, c;
        using (var lease = await Acquire(cache, "b.pdf"))
            b = lease.Path;
        using (var lease = await Acquire(cache, "c.pdf"))
            c = lease.Path;

        Assert.That(File.Exists(a.Path), Is.True, "a is being read, however old");
        Assert.That(File.Exists(b), Is.False, "b was the least recently used copy not in use");
        Assert.That(File.Exists(c), Is.True);
        Assert.That(cache.CachedBytes, Is.EqualTo(2000));

        a.Dispose();
        using var d = await Acquire(cache, "d.pdf");
        Assert.That(File.Exists(c), Is.False, "c was used before a was let go");
        Assert.That(File.Exists(a.Path), Is.True);
        Assert.That(cache.CachedBytes, Is.EqualTo(2000));
        Assert.That(store.Downloads, Is.EqualTo(4));
    }

    [Test]
    public async Task A_document_over_the_budget_is_still_read_and_goes_once_let_go()
    {
        await Input("huge.pdf", 5000);
        using var cache = Cache(budget: 1000);

        var lease = await Acquire(cache, "huge.pdf");
        Assert.That(File.ReadAllBytes(lease.Path), Has.Length.EqualTo(5000));
        lease.Dispose();

        Assert.That(File.Exists(lease.Path), Is.False);
        Assert.That(cache.CachedBytes, Is.Zero);
    }

    [Test]
    public async Task A_replaced_input_asked_for_at_its_old_version_fails_clearly_and_is_not_cached()
    {
        await Input("doc.pdf", 100);
        var inspected = await store.FindAsync(bucket.FullName, "doc.pdf");
        await Input("doc.pdf", 120);
        using var cache = Cache(budget: 10_000);

        Assert.That(() => cache.AcquireAsync(bucket.FullName, "doc.pdf", inspected!.ETag, CancellationToken.None),
            Throws.TypeOf<ObjectChangedException>().With.Message.StartWith("input 'doc.pdf' was replaced since it was inspected"));
        Assert.That(cache.CachedBytes, Is.Zero);
        Assert.That(Directory.GetFiles(cacheRoot.FullName, "*.p*", SearchOption.AllDirectories), Is.Empty, "no copy and no part left behind");
    }

    [Test]
    public async Task Copies_left_by_a_killed_worker_are_removed_and_a_live_workers_are_not()
    {
        await Input("doc.pdf", 100);
        var leftover = Directory.CreateDirectory(Path.Combine(cacheRoot.FullName, "killed-worker"));
        File.WriteAllText(Path.Combine(leftover.FullName, ".lock"), "");
        File.WriteAllBytes(Path.Combine(leftover.FullName, "old.pdf"), new byte[100]);
        using var live = Cache(budget: 10_000);
        using var lease = await Acquire(live, "doc.pdf");

        using var next = Cache(budget: 10_000);

        Assert.That(leftover.Exists, Is.False);
        Assert.That(File.Exists(lease.Path), Is.True);
    }

    [Test]
    public async Task Disposing_the_cache_removes_its_copies()
    {
        await Input("doc.pdf", 100);
        var cache = Cache(budget: 10_000);
        string path;
        using (var lease = await Acquire(cache, "doc.pdf"))
            path = lease.Path;

        cache.Dispose();

        Assert.That(File.Exists(path), Is.False);
        Assert.That(Directory.GetDirectories(cacheRoot.FullName), Is.Empty);
    }

    private DocumentCache Cache(long budget) =>
        new(store, Options.Create(new WorkerOptions { DocumentCacheDirectory = cacheRoot.FullName, DocumentCacheBytes = budget }),
            NullLogger<DocumentCache>.Instance);

    private Task<CachedDocument> Acquire(DocumentCache cache, string key) =>
        cache.AcquireAsync(bucket.FullName, key, null, CancellationToken.None);

    private async Task<byte[]> Input(string key, int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        await store.WriteAsync(bucket.FullName, key, content, "application/pdf");
        return content;
    }

    /// <summary>The real local store, counting downloads and able to hold one back until released.</summary>
    private sealed class WatchedStore(IObjectStore inner) : IObjectStore
    {
        private int downloads;

        public int Downloads => Volatile.Read(ref downloads);

        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<Stream> OpenReadAsync(string bucket, string key, string? ifMatch = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref downloads);
            Opened.TrySetResult();
            if (Gate is { } gate)
                await gate.Task;
            return await inner.OpenReadAsync(bucket, key, ifMatch, cancellationToken);
        }

        public async Task<OpenedObject?> OpenCurrentAsync(string bucket, string key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref downloads);
            Opened.TrySetResult();
            if (Gate is { } gate)
                await gate.Task;
            return await inner.OpenCurrentAsync(bucket, key, cancellationToken);
        }

        public Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
            inner.FindAsync(bucket, key, cancellationToken);

        public Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
            inner.ReadAllBytesAsync(bucket, key, cancellationToken);

        public Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(bucket, key, content, contentType, cancellationToken);

        public Task WriteAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(bucket, key, content, contentType, cancellationToken);

        public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(bucket, key, cancellationToken);

        public IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, CancellationToken cancellationToken = default) =>
            inner.ListAsync(bucket, prefix, recursive, cancellationToken);
    }
}
