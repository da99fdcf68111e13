"""The Forms screen (central office): form versions, what changed, crosswalks, retiring."""
