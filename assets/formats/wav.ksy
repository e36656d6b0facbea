meta:
  id: wav
  title: WAV (RIFF WAVE) audio
  file-extension: [wav, wave]
  endian: le
  license: MIT
doc: |
  hexbuf's built-in WAV spec, written from Microsoft's RIFF and WAVE
  documentation: a RIFF header naming the WAVE form, then chunks of a
  four-letter id, a length and a body, each padded to an even length. The
  fmt chunk (PCM, float and WAVE_FORMAT_EXTENSIBLE), fact, LIST (INFO
  strings) and cue chunks are laid out; data and others are bytes.
seq:
  - id: magic
    contents: RIFF
  - id: len_riff
    type: u4
    doc: Bytes after this field, the form type included.
  - id: form_type
    contents: WAVE
  - id: chunks
    type: chunk
    repeat: eos
types:
  chunk:
    seq:
      - id: id
        type: str
        size: 4
        encoding: ASCII
      - id: len_body
        type: u4
      - id: body
        size: len_body
        type:
          switch-on: id
          cases:
            '"fmt "': format_body
            '"fact"': fact_body
            '"LIST"': list_body
            '"cue "': cue_body
      - id: pad
        size: len_body % 2
        doc: RIFF keeps chunks at even offsets.
  format_body:
    seq:
      - id: format_tag
        type: u2
        enum: wave_format
      - id: num_channels
        type: u2
      - id: sample_rate
        type: u4
      - id: avg_bytes_per_sec
        type: u4
      - id: block_align
        type: u2
      - id: bits_per_sample
        type: u2
      - id: len_extra
        type: u2
        if: not _io.eof
      - id: valid_bits_per_sample
        type: u2
        if: is_extensible
      - id: channel_mask
        type: u4
        if: is_extensible
      - id: subformat
        size: 16
        doc: A GUID whose first two bytes are the format tag it stands for.
        if: is_extensible
      - id: extra
        size-eos: true
        if: not is_extensible and not _io.eof
    instances:
      is_extensible:
        value: format_tag == wave_format::extensible and _io.size >= 40
        doc: WAVE_FORMAT_EXTENSIBLE with the 22 bytes of its extension.
  fact_body:
    seq:
      - id: num_samples_per_channel
        type: u4
  list_body:
    seq:
      - id: list_type
        type: str
        size: 4
        encoding: ASCII
      - id: items
        type: info_item
        repeat: eos
  info_item:
    seq:
      - id: id
        type: str
        size: 4
        encoding: ASCII
      - id: len_body
        type: u4
      - id: body
        type: strz
        size: len_body
        encoding: UTF-8
      - id: pad
        size: len_body % 2
  cue_body:
    seq:
      - id: num_points
        type: u4
      - id: points
        type: cue_point
        repeat: expr
        repeat-expr: num_points
  cue_point:
    seq:
      - id: id
        type: u4
      - id: position
        type: u4
      - id: data_chunk_id
        type: str
        size: 4
        encoding: ASCII
      - id: chunk_start
        type: u4
      - id: block_start
        type: u4
      - id: sample_offset
        type: u4
enums:
  wave_format:
    0x0001: pcm
    0x0002: adpcm
    0x0003: ieee_float
    0x0006: alaw
    0x0007: mulaw
    0x0011: ima_adpcm
    0x0050: mpeg
    0x0055: mpeg_layer3
    0xfffe: extensible
