namespace Fleet.Contracts.Results;

/// <summary>
/// The stages of a document's processing, by the names the <c>fleet_stage_seconds</c> histogram and the manifest's
/// <c>cost</c> share, so a dashboard and a manifest speak of the same thing.
/// </summary>
public static class StageNames
{
    public const string Download = "download";
    public const string Inspect = "inspect";
    public const string TextLayer = "text-layer";
    public const string Render = "render";
    public const string Detect = "detect";
    public const string Recognise = "recognise";
    public const string Assemble = "assemble";
    public const string Upload = "upload";
}
