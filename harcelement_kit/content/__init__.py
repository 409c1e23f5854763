"""The content model: activity kinds, resources, the YAML loader and its problems (no UI imports).

Import from the modules themselves (`content.loader`, `content.model`…): this
package imports nothing, so the UI can read the model without the YAML parser.
"""
