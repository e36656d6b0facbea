meta:
  id: zip
  title: ZIP archive
  file-extension: [zip, jar, apk, docx, xlsx, odt, epub]
  endian: le
  license: MIT
doc: |
  hexbuf's built-in ZIP spec, written from PKWARE's APPNOTE.TXT: the
  records of an archive in file order, each starting with "PK" and a
  two-byte kind -- local file headers with their data, the central
  directory's entries, and the end of central directory record (zip64 and
  data-descriptor records too). The archive's first record is a local file
  header, read as `magic` + `first_file`; the rest are `sections`.
  Archives whose sizes are only in data descriptors (written to a pipe)
  are not followed past their first such file.
seq:
  - id: magic
    contents: ["PK", 3, 4]
  - id: first_file
    type: local_file
  - id: sections
    type: section
    repeat: eos
types:
  section:
    seq:
      - id: magic
        contents: PK
      - id: section_type
        type: u2
        enum: section_type
      - id: body
        type:
          switch-on: section_type
          cases:
            'section_type::local_file': local_file
            'section_type::central_dir_entry': central_dir_entry
            'section_type::end_of_central_dir': end_of_central_dir
            'section_type::data_descriptor': data_descriptor
            'section_type::zip64_end_of_central_dir': zip64_end_of_central_dir
            'section_type::zip64_locator': zip64_locator
  local_file:
    seq:
      - id: version_needed
        type: u2
      - id: flags
        type: general_flags
      - id: compression_method
        type: u2
        enum: compression
      - id: mod_time
        type: dos_time
      - id: mod_date
        type: dos_date
      - id: crc32
        type: u4
      - id: len_compressed
        type: u4
      - id: len_uncompressed
        type: u4
      - id: len_file_name
        type: u2
      - id: len_extra
        type: u2
      - id: file_name
        type: str
        size: len_file_name
        encoding: UTF-8
      - id: extra
        type: extra_fields
        size: len_extra
      - id: body
        size: len_compressed
  central_dir_entry:
    seq:
      - id: version_made_by
        type: u2
      - id: version_needed
        type: u2
      - id: flags
        type: general_flags
      - id: compression_method
        type: u2
        enum: compression
      - id: mod_time
        type: dos_time
      - id: mod_date
        type: dos_date
      - id: crc32
        type: u4
      - id: len_compressed
        type: u4
      - id: len_uncompressed
        type: u4
      - id: len_file_name
        type: u2
      - id: len_extra
        type: u2
      - id: len_comment
        type: u2
      - id: disk_number_start
        type: u2
      - id: internal_attributes
        type: u2
      - id: external_attributes
        type: u4
        doc: On Unix, the file's mode in the high 16 bits.
      - id: ofs_local_header
        type: u4
      - id: file_name
        type: str
        size: len_file_name
        encoding: UTF-8
      - id: extra
        type: extra_fields
        size: len_extra
      - id: comment
        type: str
        size: len_comment
        encoding: UTF-8
    instances:
      local_header:
        pos: ofs_local_header + 4
        type: local_file
        doc: The local file header this entry points at (after its "PK\3\4").
  end_of_central_dir:
    seq:
      - id: disk_number
        type: u2
      - id: disk_of_central_dir
        type: u2
      - id: num_entries_this_disk
        type: u2
      - id: num_entries_total
        type: u2
      - id: len_central_dir
        type: u4
      - id: ofs_central_dir
        type: u4
      - id: len_comment
        type: u2
      - id: comment
        type: str
        size: len_comment
        encoding: UTF-8
  data_descriptor:
    seq:
      - id: crc32
        type: u4
      - id: len_compressed
        type: u4
      - id: len_uncompressed
        type: u4
  zip64_end_of_central_dir:
    seq:
      - id: len_record
        type: u8
        doc: Bytes after this field.
      - id: version_made_by
        type: u2
      - id: version_needed
        type: u2
      - id: disk_number
        type: u4
      - id: disk_of_central_dir
        type: u4
      - id: num_entries_this_disk
        type: u8
      - id: num_entries_total
        type: u8
      - id: len_central_dir
        type: u8
      - id: ofs_central_dir
        type: u8
      - id: extensible_data
        size: len_record - 44
  zip64_locator:
    seq:
      - id: disk_of_zip64_end
        type: u4
      - id: ofs_zip64_end
        type: u8
      - id: num_disks
        type: u4
  general_flags:
    doc: The general purpose bit flag, read from bit 0 up.
    meta:
      bit-endian: le
    seq:
      - id: is_encrypted
        type: b1
      - id: compression_options
        type: b2
      - id: has_data_descriptor
        type: b1
      - id: enhanced_deflate
        type: b1
      - id: is_patch_data
        type: b1
      - id: strong_encryption
        type: b1
      - id: unused
        type: b4
      - id: is_utf8
        type: b1
        doc: File name and comment are UTF-8.
      - id: reserved1
        type: b1
      - id: masks_local_header
        type: b1
      - id: reserved2
        type: b2
  dos_time:
    meta:
      bit-endian: le
    seq:
      - id: second_div_2
        type: b5
      - id: minute
        type: b6
      - id: hour
        type: b5
  dos_date:
    meta:
      bit-endian: le
    seq:
      - id: day
        type: b5
      - id: month
        type: b4
      - id: year_minus_1980
        type: b7
  extra_fields:
    seq:
      - id: entries
        type: extra_field
        repeat: eos
  extra_field:
    seq:
      - id: header_id
        type: u2
        enum: extra_id
      - id: len_data
        type: u2
      - id: data
        size: len_data
enums:
  section_type:
    0x0201: central_dir_entry
    0x0403: local_file
    0x0605: end_of_central_dir
    0x0606: zip64_end_of_central_dir
    0x0706: zip64_locator
    0x0807: data_descriptor
  compression:
    0: stored
    1: shrunk
    6: imploded
    8: deflated
    9: deflate64
    12: bzip2
    14: lzma
    93: zstd
    95: xz
    98: ppmd
    99: aes_encrypted
  extra_id:
    0x0001: zip64
    0x000a: ntfs
    0x000d: unix
    0x5455: extended_timestamp
    0x5855: info_zip_unix_old
    0x7075: unicode_path
    0x7855: info_zip_unix
    0x7875: info_zip_unix_new
    0x9901: aes
