using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Orchestrator.Batches;

namespace Fleet.Tests.Orchestration;

/// <summary>Two inputs of a batch never share an output name, and a batch listed again gets the same names.</summary>
public sealed class OutputKeyCollisionTests
{
    [Test]
    public async Task Inputs_whose_outputs_would_collide_get_distinct_names_by_the_documented_rule()
    {
        string[] keys = ["a", "a.pdf", "a.PDF", "b.pdf", "a~" + Hash8("a.pdf") + ".pdf"];
        var bases = await ListedBases(keys, pageSize: 2);

        Assert.That(bases["a"], Is.EqualTo("out/a"), "listed first, keeps the plain name");
        Assert.That(bases["a.pdf"], Is.EqualTo("out/a~" + Hash8("a.pdf")));
        Assert.That(bases["a.PDF"], Is.EqualTo("out/a~" + Hash8("a.PDF")));
        Assert.That(bases["b.pdf"], Is.EqualTo("out/b"));
        // Its plain name is the one a.pdf took: the next candidate, hashed from its own key.
        Assert.That(bases[keys[4]], Is.EqualTo($"out/a~{Hash8("a.pdf")}~{Hash8(keys[4])}"));
        Assert.That(bases.Values, Is.Unique);
    }

    [Test]
    public async Task Names_do_not_depend_on_page_size()
    {
        string[] keys = ["x/a.pdf", "x/a.PDF", "x/a", "y.pdf"];

        Assert.That(await ListedBases(keys, pageSize: 1), Is.EqualTo(await ListedBases(keys, pageSize: 100)));
    }

    private static string Hash8(string key) => OutputKeys.Candidates("", key)[1][1..];

    private static async Task<Dictionary<string, string>> ListedBases(string[] keys, int pageSize)
    {
        var bucket = new MemoryBucket();
        // Sizes differ, so no input waits for another with the same content.
        for (var i = 0; i < keys.Length; i++)
            await bucket.WriteAsync("in", keys[i], new byte[i + 1], "application/pdf");
        await using var fleet = await OrchestratorHarness.Start(bucket,
            new Dictionary<string, string?> { ["Fleet:Orchestrator:ListingPageSize"] = pageSize.ToString(), ["Fleet:Orchestrator:MaxActiveDocuments"] = "100" });
        var submission = new SubmitBatch(Guid.NewGuid(), "in", "", keys, "out", "out/", new ProcessingOptions());

        await fleet.Harness.Bus.Publish(submission);
        Assert.That(await fleet.Harness.Published.Any<BatchReceived>(), Is.True);
        await fleet.Harness.InactivityTask;

        var started = fleet.Harness.Published.Select<Fleet.Contracts.Documents.StartDocument>().Select(m => m.Context.Message).ToList();
        Assert.That(started, Has.Count.EqualTo(keys.Length));
        return started.ToDictionary(s => s.Key, s => s.OutputKeyBase);
    }
}
