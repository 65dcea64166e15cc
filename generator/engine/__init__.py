"""The engine adapter: MkDocs' (and ProperDocs') events translated into the build's stages."""
