namespace Fleet.Contracts.Results;

/// <summary>The &lt;name&gt;.json written for each input document.</summary>
public sealed record DocumentResult(string Source, string Sha256, int PageCount, IReadOnlyList<string> Engines, IReadOnlyList<PageResult> Pages);
