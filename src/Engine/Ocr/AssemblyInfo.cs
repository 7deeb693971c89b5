using System.Runtime.CompilerServices;

// The pipeline's stages (CTC decoding, box geometry) are internal; the tests check them directly.
[assembly: InternalsVisibleTo("Fleet.Tests")]
