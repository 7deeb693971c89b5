namespace Fleet.Engine.Pdf;

/// <summary>A document Fleet will not process, with a reason written for the person who submitted it.</summary>
/// <remarks>Images are rejected with it too: it is the reason an input is refused, whatever its kind.</remarks>
public class PdfRejectedException(string reason) : Exception(reason);
