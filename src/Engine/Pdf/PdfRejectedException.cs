namespace Fleet.Engine.Pdf;

/// <summary>A document Fleet will not process, with a reason written for the person who submitted it.</summary>
public sealed class PdfRejectedException(string reason) : Exception(reason);
