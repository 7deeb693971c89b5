using System.Security.Cryptography;
using Fleet.Contracts.Results;

namespace Fleet.Ingest.Api.Batches;

public static class SubmissionFingerprint
{
    /// <summary>A hash of everything the submission asks for: the same body twice gives the same fingerprint.</summary>
    public static string Of(Submission submission) =>
        Convert.ToHexString(SHA256.HashData(ResultJson.Serialize(new { submission.Command, submission.Tenant, submission.Tag, submission.CallbackUrl })));
}
