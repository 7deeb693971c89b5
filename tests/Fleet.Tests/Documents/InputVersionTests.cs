using Fleet.Contracts;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Storage;
using Fleet.Tests.Support;
using Fleet.Worker;
using Fleet.Worker.Chunks;
using Fleet.Worker.Inspection;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Documents;

/// <summary>
/// The inspected version of an input travels with its chunks: they read that version through the document cache, and a
/// replaced input fails its document with a clear reason instead of mixing pages of two files.
/// </summary>
public sealed class InputVersionTests
{
    private DirectoryInfo bucket = null!;
    private DirectoryInfo cache = null!;
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    [SetUp]
    public async Task StartWorker()
    {
        bucket = Directory.CreateTempSubdirectory("fleet-versions-");
        cache = Directory.CreateTempSubdirectory("fleet-versions-cache-");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Worker:DocumentCacheDirectory"] = cache.FullName })
            .Build();
        provider = new ServiceCollection()
            .AddSingleton<IObjectStore, LocalFolderObjectStore>()
            .AddWorker(configuration)
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<InspectDocumentConsumer>();
                bus.AddConsumer<ProcessPageChunkConsumer, ProcessPageChunkConsumerDefinition>();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);
        await harness.Start();
    }

    [TearDown]
    public async Task StopWorker()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        bucket.Delete(recursive: true);
        cache.Delete(recursive: true);
    }

    [Test]
    public async Task Inspection_names_the_version_it_read_and_its_chunks_read_that_version()
    {
        var pdf = TestPdfs.BornDigital(["The inspected version of this page."]);
        File.WriteAllBytes(Path.Combine(bucket.FullName, "doc.pdf"), pdf);
        var documentId = Guid.NewGuid();

        await harness.Bus.Publish(new InspectDocument(documentId, Guid.NewGuid(), bucket.FullName, "doc.pdf", bucket.FullName, "out/", new ProcessingOptions()));
        Assert.That(await harness.Published.Any<DocumentInspected>(m => m.Context.Message.DocumentId == documentId), Is.True);
        var inspected = harness.Published.Select<DocumentInspected>().Single().Context.Message;
        await harness.Bus.Publish(Chunk(documentId, inspected.ETag));

        Assert.That(inspected.ETag, Is.EqualTo((await new LocalFolderObjectStore().FindAsync(bucket.FullName, "doc.pdf"))!.ETag));
        Assert.That(inspected.Sha256, Is.EqualTo(ObjectStoreExtensions.Sha256Hex(pdf)));
        // The harness stops waiting once the bus has been quiet for a moment, which the inspection already used up.
        Assert.That(await Eventually(() => harness.Published.Select<PageChunkProcessed>().Any()), Is.True);
        var result = await new LocalFolderObjectStore().ReadJsonAsync<ChunkResult>(bucket.FullName, "out/doc.chunk-0.json");
        Assert.That(string.Join(" ", result.Pages[0].Lines.Select(l => l.Text)), Is.EqualTo("The inspected version of this page."));
    }

    [Test]
    public async Task A_chunk_of_an_input_replaced_since_inspection_fails_its_document_clearly_and_once()
    {
        var path = Path.Combine(bucket.FullName, "doc.pdf");
        File.WriteAllBytes(path, TestPdfs.BornDigital(["First version."]));
        var inspectedETag = (await new LocalFolderObjectStore().FindAsync(bucket.FullName, "doc.pdf"))!.ETag;
        await new LocalFolderObjectStore().WriteAsync(bucket.FullName, "doc.pdf", TestPdfs.BornDigital(["Second version, longer."]), "application/pdf");
        var documentId = Guid.NewGuid();

        await harness.Bus.Publish(Chunk(documentId, inspectedETag));

        Assert.That(await harness.Published.Any<PageChunkFailed>(m => m.Context.Message.DocumentId == documentId), Is.True);
        var failed = harness.Published.Select<PageChunkFailed>().Single().Context.Message;
        Assert.That(failed.Reason, Does.StartWith("input 'doc.pdf' was replaced since it was inspected"));
        Assert.That(harness.Consumed.Select<ProcessPageChunk>().Single().Exception, Is.Null, "answered, not thrown into the retry policy");
        Assert.That(await harness.Published.Any<PageChunkProcessed>(), Is.False);
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        return condition();
    }

    private ProcessPageChunk Chunk(Guid documentId, string? eTag) =>
        new(documentId, Guid.NewGuid(), 0, 1, 1, bucket.FullName, "doc.pdf", bucket.FullName, "out/doc.chunk-0.json",
            new ProcessingOptions(Mode: ProcessingMode.Text), eTag);
}
