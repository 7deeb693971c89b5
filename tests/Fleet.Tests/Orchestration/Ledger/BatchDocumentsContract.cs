using Fleet.Contracts.Results;
using Fleet.Infrastructure.Batches;

namespace Fleet.Tests.Orchestration.Ledger;

/// <summary>
/// What every batch document ledger does, run against each implementation (in memory here, PostgreSQL in
/// Fleet.IntegrationTests, which compiles this same file).
/// </summary>
public abstract class BatchDocumentsContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The ledger under test, fresh or shared: every test uses batch ids of its own.</summary>
    protected abstract IBatchDocuments Ledger { get; }

    [Test]
    public async Task Documents_start_in_listing_order_at_most_the_number_asked_for()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(5);
        await Ledger.AddAsync(batch, [.. listed.AsEnumerable().Reverse()]);

        var first = await Ledger.StartNextAsync(batch, 2, Now);
        var rest = await Ledger.StartNextAsync(batch, 10, Now);
        var none = await Ledger.StartNextAsync(batch, 10, Now);

        Assert.That(first.Select(d => d.Key), Is.EqualTo(new[] { "k0.pdf", "k1.pdf" }));
        Assert.That(rest.Select(d => d.Key), Is.EqualTo(new[] { "k2.pdf", "k3.pdf", "k4.pdf" }));
        Assert.That(none, Is.Empty);
        Assert.That(first[0], Is.EqualTo(listed[0]));
    }

    [Test]
    public async Task Cancelling_ends_the_waiting_documents_as_cancelled_and_leaves_active_and_finished_ones()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(4);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 2, Now);
        await Ledger.FinishAsync(batch, listed[0].DocumentId, Entry("k0.pdf", DocumentStatus.Succeeded, 1));

        var cancelled = await Ledger.CancelWaitingAsync(batch);
        var again = await Ledger.CancelWaitingAsync(batch);

        Assert.That((cancelled, again), Is.EqualTo((2, 0)));
        var totals = await Ledger.TotalsAsync(batch);
        Assert.That((totals.Waiting, totals.Active, totals.Finished, totals.Succeeded, totals.Failed), Is.EqualTo((0, 1, 3, 1, 0)));
        Assert.That(await Ledger.StartNextAsync(batch, 10, Now), Is.Empty);
        var entries = new List<ManifestDocument>();
        await foreach (var entry in Ledger.FinishedEntriesAsync(batch))
            entries.Add(entry);
        Assert.That(entries.Select(e => (e.Key, e.Status)),
            Is.EqualTo(new[] { ("k0.pdf", DocumentStatus.Succeeded), ("k2.pdf", DocumentStatus.Cancelled), ("k3.pdf", DocumentStatus.Cancelled) }));
        Assert.That((await Ledger.EntryAsync(batch, listed[3].DocumentId))?.Status, Is.EqualTo(DocumentStatus.Cancelled));
        Assert.That(await Ledger.EntryAsync(batch, listed[1].DocumentId), Is.Null, "still active: no entry yet");
        Assert.That((await Ledger.EntryAsync(batch, listed[0].DocumentId))?.Pages.Total, Is.EqualTo(1));
    }

    [Test]
    public async Task Adding_the_same_documents_again_adds_nothing()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(3);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 1, Now);

        await Ledger.AddAsync(batch, listed);

        var totals = await Ledger.TotalsAsync(batch);
        Assert.That((totals.Documents, totals.Waiting, totals.Active), Is.EqualTo((3, 2, 1)));
    }

    [Test]
    public async Task A_document_with_the_same_content_waits_until_the_first_has_finished()
    {
        var batch = Guid.NewGuid();
        var original = new ListedDocument(Guid.NewGuid(), 0, "a.pdf", "a");
        var copy = new ListedDocument(Guid.NewGuid(), 1, "b.pdf", "b", SameContentAs: original.DocumentId);
        var other = new ListedDocument(Guid.NewGuid(), 2, "c.pdf", "c");
        await Ledger.AddAsync(batch, [original, copy, other]);

        var first = await Ledger.StartNextAsync(batch, 10, Now);
        var whileActive = await Ledger.StartNextAsync(batch, 10, Now);
        await Ledger.FinishAsync(batch, original.DocumentId, Entry("a.pdf", DocumentStatus.Succeeded, 3));
        var afterFinish = await Ledger.StartNextAsync(batch, 10, Now);

        Assert.That(first.Select(d => d.Key), Is.EqualTo(new[] { "a.pdf", "c.pdf" }));
        Assert.That(whileActive, Is.Empty);
        Assert.That(afterFinish.Select(d => d.Key), Is.EqualTo(new[] { "b.pdf" }));
        Assert.That(afterFinish[0].SameContentAs, Is.EqualTo(original.DocumentId));
    }

    [Test]
    public async Task A_finished_document_counts_once_and_keeps_its_first_entry()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(2);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 2, Now);

        var first = await Ledger.FinishAsync(batch, listed[0].DocumentId, Entry("k0.pdf", DocumentStatus.Succeeded, 4));
        var again = await Ledger.FinishAsync(batch, listed[0].DocumentId, Entry("k0.pdf", DocumentStatus.Failed, 0));
        var notStarted = await Ledger.FinishAsync(batch, Guid.NewGuid(), Entry("x.pdf", DocumentStatus.Succeeded, 1));

        Assert.That((first, again, notStarted), Is.EqualTo((true, false, false)));
        var totals = await Ledger.TotalsAsync(batch);
        Assert.That((totals.Finished, totals.Succeeded, totals.Failed, totals.Active), Is.EqualTo((1, 1, 0, 1)));
        var entries = await Entries(batch);
        Assert.That(entries.Single().Status, Is.EqualTo(DocumentStatus.Succeeded));
    }

    [Test]
    public async Task Totals_sum_pages_of_succeeded_documents_and_name_every_engine()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(3);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 3, Now);
        await Ledger.FinishAsync(batch, listed[0].DocumentId, Entry("k0.pdf", DocumentStatus.Succeeded, 10, "ocr-b") with { Pages = new PageCounts(10, 6, 4, 1) });
        await Ledger.FinishAsync(batch, listed[1].DocumentId, Entry("k1.pdf", DocumentStatus.Succeeded, 5, "ocr-a") with { Pages = new PageCounts(5, 5, 0, 0), Reused = true });
        await Ledger.FinishAsync(batch, listed[2].DocumentId, Entry("k2.pdf", DocumentStatus.Failed, 7, "ocr-c"));

        var totals = await Ledger.TotalsAsync(batch);

        Assert.That(totals with { Engines = [] }, Is.EqualTo(new BatchDocumentTotals(3, 0, 0, 3, 2, 1, 1, new PageCounts(15, 11, 4, 1), 10, [])));
        Assert.That(totals.Engines, Is.EqualTo(new[] { "ocr-a", "ocr-b", "ocr-c" }));
    }

    [Test]
    public async Task A_refused_document_enters_finished_and_failed_with_its_reason()
    {
        var batch = Guid.NewGuid();
        await Ledger.AddAsync(batch, [new ListedDocument(Guid.NewGuid(), 0, "../x.pdf", "../x", Refusal: "refused key")]);

        var totals = await Ledger.TotalsAsync(batch);
        var entry = (await Entries(batch)).Single();

        Assert.That((totals.Documents, totals.Finished, totals.Failed), Is.EqualTo((1, 1, 1)));
        Assert.That((entry.Key, entry.Status, entry.Reason), Is.EqualTo(("../x.pdf", DocumentStatus.Failed, "refused key")));
        Assert.That(await Ledger.StartNextAsync(batch, 10, Now), Is.Empty);
    }

    [Test]
    public async Task Finished_entries_stream_in_ordinal_key_order()
    {
        var batch = Guid.NewGuid();
        string[] keys = ["b.pdf", "B.pdf", "a/z.pdf", "a.pdf", "_.pdf"];
        var listed = keys.Select((k, i) => new ListedDocument(Guid.NewGuid(), i, k, k)).ToList();
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, keys.Length, Now);
        foreach (var document in listed)
            await Ledger.FinishAsync(batch, document.DocumentId, Entry(document.Key, DocumentStatus.Succeeded, 1));

        var streamed = (await Entries(batch)).Select(e => e.Key);

        Assert.That(streamed, Is.EqualTo(keys.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Pages_walk_every_document_once_in_listing_order()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(7);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 1, Now);
        await Ledger.FinishAsync(batch, listed[0].DocumentId, Entry("k0.pdf", DocumentStatus.Failed, 2));
        await Ledger.StartNextAsync(batch, 1, Now);

        var seen = new List<BatchDocumentView>();
        BatchDocumentCursor? after = null;
        var pages = 0;
        do
        {
            var page = await Ledger.PageAsync(batch, after, 3);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(3));
            seen.AddRange(page.Items);
            after = page.Next;
            pages++;
            if (after is { } cursor)
                Assert.That(BatchDocumentCursor.TryParse(cursor.ToToken(), out var parsed) && parsed == cursor, Is.True);
        }
        while (after is not null);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen.Select(v => v.DocumentId), Is.EqualTo(listed.Select(d => d.DocumentId)));
        Assert.That(seen[0], Is.EqualTo(new BatchDocumentView(listed[0].DocumentId, "k0.pdf", BatchDocumentStatus.Failed, 2, "broken", seen[0].PageCounts)));
        Assert.That(seen[0].PageCounts?.Total, Is.EqualTo(2));
        Assert.That(seen[1].Status, Is.EqualTo(BatchDocumentStatus.Active));
        Assert.That(seen[2], Is.EqualTo(new BatchDocumentView(listed[2].DocumentId, "k2.pdf", BatchDocumentStatus.Waiting, null, null)));
    }

    [Test]
    public async Task An_exact_last_page_has_no_next_token()
    {
        var batch = Guid.NewGuid();
        await Ledger.AddAsync(batch, Listed(3));

        var page = await Ledger.PageAsync(batch, null, 3);

        Assert.That((page.Items.Count, page.Next), Is.EqualTo((3, (BatchDocumentCursor?)null)));
    }

    [Test]
    public async Task Output_key_bases_are_found_with_their_owner()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(2);
        await Ledger.AddAsync(batch, listed);

        var owners = await Ledger.OutputKeyBaseOwnersAsync(batch, ["k1", "nobody"]);

        Assert.That(owners, Is.EqualTo(new Dictionary<string, Guid> { ["k1"] = listed[1].DocumentId }));
    }

    [Test]
    public async Task A_stalled_document_is_claimed_once_per_deadline_period_and_progress_clears_it()
    {
        var batch = Guid.NewGuid();
        var listed = Listed(2);
        await Ledger.AddAsync(batch, listed);
        await Ledger.StartNextAsync(batch, 2, Now);
        await Ledger.RecordProgressAsync(batch, listed[1].DocumentId, "Processing", Now.AddMinutes(20));

        var claimed = (await Ledger.ClaimStalledAsync(Now.AddMinutes(10), Now.AddMinutes(40), 100)).Where(s => s.BatchId == batch).ToList();
        var again = (await Ledger.ClaimStalledAsync(Now.AddMinutes(10), Now.AddMinutes(40), 100)).Where(s => s.BatchId == batch);

        Assert.That(claimed, Is.EqualTo(new[] { new StalledDocument(batch, listed[0].DocumentId, "k0.pdf", "Dispatched", Now) }));
        Assert.That(again, Is.Empty, "claimed already: its progress time moved to the claim");
        var later = (await Ledger.ClaimStalledAsync(Now.AddMinutes(41), Now.AddMinutes(41), 100)).Where(s => s.BatchId == batch);
        Assert.That(later.Select(s => (s.DocumentId, s.State)), Is.EquivalentTo(new[] { (listed[0].DocumentId, "Dispatched"), (listed[1].DocumentId, "Processing") }));
    }

    private static List<ListedDocument> Listed(int count) =>
        Enumerable.Range(0, count).Select(i => new ListedDocument(Guid.NewGuid(), i, $"k{i}.pdf", $"k{i}")).ToList();

    private async Task<List<ManifestDocument>> Entries(Guid batch)
    {
        var entries = new List<ManifestDocument>();
        await foreach (var entry in Ledger.FinishedEntriesAsync(batch))
            entries.Add(entry);
        return entries;
    }

    private static ManifestDocument Entry(string key, string status, int pages, string? engine = null) =>
        new(key, status, status == DocumentStatus.Failed ? "broken" : null, "abc", 100, new PageCounts(pages, pages, 0, 0),
            [new OutputObject(key + ".json", "ff", 10)], new StageTimings(1, 2), 10, engine is null ? [] : [engine]);
}
