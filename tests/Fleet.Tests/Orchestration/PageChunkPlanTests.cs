using Fleet.Orchestrator.Documents;

namespace Fleet.Tests.Orchestration;

public sealed class PageChunkPlanTests
{
    [Test]
    public void Pages_split_into_full_chunks_and_a_shorter_last_one()
    {
        var chunks = PageChunkPlan.For(pageCount: 19, chunkPages: 8);

        Assert.That(chunks.Select(c => (c.FirstPage, c.LastPage)), Is.EqualTo(new[] { (1, 8), (9, 16), (17, 19) }));
        Assert.That(chunks.Select(c => c.Index), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [TestCase(1, 8, 1)]
    [TestCase(8, 8, 1)]
    [TestCase(9, 8, 2)]
    [TestCase(1000, 1, 1000)]
    public void Every_page_is_in_exactly_one_chunk(int pages, int chunkPages, int expectedChunks)
    {
        var chunks = PageChunkPlan.For(pages, chunkPages);

        Assert.That(chunks, Has.Count.EqualTo(expectedChunks));
        Assert.That(chunks.SelectMany(c => Enumerable.Range(c.FirstPage, c.PageCount)), Is.EqualTo(Enumerable.Range(1, pages)));
    }

    [Test]
    public void A_document_without_pages_has_no_chunks() => Assert.That(PageChunkPlan.For(0, 8), Is.Empty);
}
