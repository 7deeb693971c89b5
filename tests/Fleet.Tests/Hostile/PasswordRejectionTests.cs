using Fleet.Contracts;
using Fleet.Contracts.Documents;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Storage;
using Fleet.Tests.Support;
using Fleet.Worker;
using Fleet.Worker.Inspection;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Hostile;

/// <summary>
/// A password-protected file will not open on a second try: inspection must answer with a rejection on the first
/// delivery, not throw into the retry policy.
/// </summary>
public sealed class PasswordRejectionTests
{
    private DirectoryInfo bucket = null!;

    [SetUp]
    public void CreateBucket() => bucket = Directory.CreateTempSubdirectory("fleet-locked-");

    [TearDown]
    public void RemoveBucket() => bucket.Delete(recursive: true);

    [Test]
    public async Task Password_protected_pdf_is_rejected_once_and_never_retried()
    {
        File.WriteAllBytes(Path.Combine(bucket.FullName, "locked.pdf"), TestPdfs.Encrypted("secret"));
        await using var provider = new ServiceCollection()
            .AddSingleton<IObjectStore, LocalFolderObjectStore>()
            .AddLogging()
            .AddWorker(new ConfigurationBuilder().Build())
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<InspectDocumentConsumer>();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);
        await harness.Start();
        var documentId = Guid.NewGuid();

        await harness.Bus.Publish(new InspectDocument(documentId, Guid.NewGuid(), bucket.FullName, "locked.pdf", bucket.FullName, "out/", new ProcessingOptions()));

        Assert.That(await harness.Published.Any<DocumentRejected>(m => m.Context.Message.DocumentId == documentId), Is.True);
        var rejected = harness.Published.Select<DocumentRejected>().Single().Context.Message;
        Assert.That(rejected.Reason, Is.EqualTo("encrypted: password required"));
        var consumed = harness.Consumed.Select<InspectDocument>().ToList();
        Assert.That(consumed, Has.Count.EqualTo(1));
        Assert.That(consumed[0].Exception, Is.Null, "no exception, so the retry policy never sees it");
        Assert.That(await harness.Published.Any<Fault<InspectDocument>>(), Is.False);
    }
}
