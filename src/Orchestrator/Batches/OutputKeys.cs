using System.Security.Cryptography;
using System.Text;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Where an input's outputs land (&lt;base&gt;.json, &lt;base&gt;.txt). The base is the key relative to the input
/// prefix, under the output prefix, without its extension: "in/sub/report.pdf" under input prefix "in/" and output
/// prefix "out/" becomes "out/sub/report".
/// <para>
/// Two inputs of a batch never share a base. When a base is taken already ("a.pdf" and "a.PDF", or the key "a" and
/// "a.pdf"), the input listed later gets "~" and the first 8 hex digits of its whole key's SHA-256 appended
/// ("a~3f2a9c1b"), or all 64 should that be taken too. Listing order is the store's key order (ordinal) for a prefix
/// and the request's order for named keys, so a batch listed again gets the same names.
/// </para>
/// </summary>
public static class OutputKeys
{
    public static string Base(SubmitBatch submission, string key)
    {
        var relative = key.StartsWith(submission.InputPrefix, StringComparison.Ordinal) ? key[submission.InputPrefix.Length..] : key;
        var extension = Path.GetExtension(relative);
        return submission.OutputPrefix + (extension.Length > 0 ? relative[..^extension.Length] : relative);
    }

    /// <summary>The bases to try in turn, for <paramref name="key"/> whose plain base is <paramref name="plain"/>.</summary>
    public static IReadOnlyList<string> Candidates(string plain, string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return [plain, $"{plain}~{hash[..8]}", $"{plain}~{hash}"];
    }
}
