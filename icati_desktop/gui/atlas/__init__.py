"""The ATI Atlas: the world map widget and its geometry."""
